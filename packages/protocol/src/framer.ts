/**
 * Control-connection line framer.
 *
 * The control connection speaks the Telnet NVT (RFC 959 §4.1.3, RFC 854): commands end with CRLF, the
 * byte 0xFF (IAC) introduces Telnet commands and a literal 0xFF is sent doubled. The framer turns an
 * arbitrary sequence of socket chunks into lines with the Telnet commands removed. A CR ends a line only
 * with the LF after it (or, for ABOR alone, by itself); a CR followed by anything else spoils its line.
 *
 * An emitted line may be a view of the chunk it came from (no copy); the unfinished remainder is always
 * copied, so the framer never pins a large chunk in memory.
 */

export interface LineFramerOptions {
  /** Longest accepted line in bytes, not counting the terminator. */
  maxLineLength: number;
}

/**
 * `too-long`: the line went past maxLineLength and was dropped. `bare-cr`: a CR inside the line was
 * followed by something other than LF, so the line was dropped rather than split in two.
 */
export type FramedItem = { kind: 'line'; line: Buffer } | { kind: 'too-long' } | { kind: 'bare-cr' };

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;
/** "ABOR", the one command a bare CR may end (see push). */
const ABOR = Buffer.from('ABOR');

// RFC 854 command codes.
const IAC = 0xff;
const DONT = 0xfe;
const WILL = 0xfb;
const SB = 0xfa;
const SE = 0xf0;
const DM = 0xf2;

const enum TelnetState {
  /** Ordinary data. */
  Data,
  /** Saw IAC, waiting for the command byte. */
  Command,
  /** Saw IAC WILL/WONT/DO/DONT, waiting for the option byte. */
  Option,
  /** Inside IAC SB … IAC SE. */
  Subnegotiation,
  /** Inside a subnegotiation, saw IAC. */
  SubnegotiationCommand,
}

export class LineFramer {
  private readonly maxLineLength: number;
  /** Pieces of the current, unfinished line (views of the current chunk or one owned copy). */
  private parts: Buffer[] = [];
  private lineLength = 0;
  /** The one owned copy of the remainder carried over from an earlier chunk, if any. */
  private carried: Buffer | undefined;
  /** The current line is dropped up to its terminator: it went past maxLineLength or held a bare CR. */
  private discarding = false;
  /** The previous byte ended an ABOR line with a bare CR: a following LF or NUL belongs to it. */
  private afterCR = false;
  /** The previous byte was a CR inside a line: only LF may follow it. */
  private heldCR = false;
  private telnet = TelnetState.Data;

  constructor(options: LineFramerOptions) {
    if (!Number.isInteger(options.maxLineLength) || options.maxLineLength < 1) {
      throw new RangeError(`maxLineLength must be a positive integer, got ${options.maxLineLength}`);
    }
    this.maxLineLength = options.maxLineLength;
  }

  /** Bytes of the unfinished line held until its terminator arrives (never above maxLineLength). */
  get bufferedBytes(): number {
    return this.lineLength;
  }

  push(chunk: Buffer): FramedItem[] {
    const items: FramedItem[] = [];
    const end = chunk.length;
    let i = 0;
    while (i < end) {
      if (this.telnet !== TelnetState.Data) {
        i = this.consumeTelnet(chunk, i, items);
        continue;
      }
      const byte = chunk[i];
      if (this.afterCR) {
        this.afterCR = false;
        // RFC 854: CR is followed by LF (end of line) or NUL (bare carriage return); both belong to the CR.
        if (byte === LF || byte === NUL) {
          i++;
          continue;
        }
      }
      if (this.heldCR) {
        this.heldCR = false;
        if (byte === LF) {
          this.endLine(items);
          i++;
          continue;
        }
        // RFC 959 §5.3.1 ends a command with CRLF, and pathnames cannot contain CR. A CR followed by
        // anything else (RFC 854's CR NUL included) would split one line into two commands behind a
        // front end that only splits at CRLF, so the whole line is refused instead.
        this.drop(items, 'bare-cr');
      }
      if (byte === LF) {
        // A bare LF ends a line too (hand-typed sessions send it).
        this.endLine(items);
        i++;
        continue;
      }
      if (byte === CR) {
        // Python's ftplib sends ABOR CRLF as urgent data (MSG_OOB): the LF is the urgent byte and never
        // arrives inline, and the client waits for the reply before sending anything else. So "ABOR"
        // ends at its CR at once; any other line waits for the LF that must follow.
        if (this.isAbor()) {
          this.endLine(items);
          this.afterCR = true;
        } else {
          this.heldCR = true;
        }
        i++;
        continue;
      }
      if (byte === IAC) {
        this.telnet = TelnetState.Command;
        i++;
        continue;
      }
      if (byte === DM && this.lineLength === 0 && !this.discarding) {
        // RFC 959 §4.1.3, RFC 854 Synch: a client sends IAC as urgent data and DM inline (tnftp does, as
        // BSD ftp did). The kernel takes the urgent IAC out of the stream, leaving a lone DM before ABOR.
        // No command starts with 0xF2, so it is dropped there.
        i++;
        continue;
      }
      let next = i + 1;
      while (next < end) {
        const b = chunk[next];
        if (b === CR || b === LF || b === IAC) break;
        next++;
      }
      this.append(chunk, i, next, items);
      i = next;
    }
    this.keepRemainder();
    return items;
  }

  /** Handles one byte of a Telnet command sequence; returns the next index. */
  private consumeTelnet(chunk: Buffer, i: number, items: FramedItem[]): number {
    const byte = chunk[i] ?? 0;
    switch (this.telnet) {
      case TelnetState.Command:
        if (byte === IAC) {
          // RFC 854: IAC IAC is one data byte 0xFF.
          this.telnet = TelnetState.Data;
          this.append(chunk, i, i + 1, items);
          return i + 1;
        }
        if (byte < SE) {
          // Not a Telnet command (RFC 854 codes are 240–255): the byte after this IAC was sent as urgent
          // data and taken out of the stream (IAC IP IAC <DM> ABOR). The byte here is ordinary data.
          this.telnet = TelnetState.Data;
          return i;
        }
        if (byte >= WILL && byte <= DONT) this.telnet = TelnetState.Option;
        else if (byte === SB) this.telnet = TelnetState.Subnegotiation;
        // IP, DM, AO, AYT, NOP, … carry no data for us (RFC 959 §4.1.3 uses IP and DM around ABOR).
        else this.telnet = TelnetState.Data;
        return i + 1;
      case TelnetState.Option:
        this.telnet = TelnetState.Data;
        return i + 1;
      case TelnetState.Subnegotiation: {
        const iac = chunk.indexOf(IAC, i);
        if (iac === -1) return chunk.length;
        this.telnet = TelnetState.SubnegotiationCommand;
        return iac + 1;
      }
      case TelnetState.SubnegotiationCommand:
        this.telnet = byte === SE ? TelnetState.Data : TelnetState.Subnegotiation;
        return i + 1;
      case TelnetState.Data:
        return i;
    }
  }

  /** Whether the current line is exactly "ABOR" (any case). */
  private isAbor(): boolean {
    if (this.discarding || this.lineLength !== ABOR.length) return false;
    const [only] = this.parts;
    const line = this.parts.length === 1 && only ? only : Buffer.concat(this.parts, this.lineLength);
    for (let k = 0; k < ABOR.length; k++) {
      if (((line[k] ?? 0) & 0xdf) !== ABOR[k]) return false;
    }
    return true;
  }

  /** Reports the current line once and drops the rest of it, up to its terminator. */
  private drop(items: FramedItem[], kind: 'too-long' | 'bare-cr'): void {
    if (this.discarding) return;
    items.push({ kind });
    this.discarding = true;
    this.reset();
  }

  /** Adds chunk[start, end) to the current line, switching to discarding when it grows too long. */
  private append(chunk: Buffer, start: number, end: number, items: FramedItem[]): void {
    if (this.discarding) return;
    const length = end - start;
    if (this.lineLength + length > this.maxLineLength) {
      this.drop(items, 'too-long');
      return;
    }
    this.parts.push(chunk.subarray(start, end));
    this.lineLength += length;
  }

  private endLine(items: FramedItem[]): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    const [only] = this.parts;
    const line = this.parts.length === 1 && only ? only : Buffer.concat(this.parts, this.lineLength);
    items.push({ kind: 'line', line });
    this.reset();
  }

  private reset(): void {
    this.parts = [];
    this.lineLength = 0;
    this.carried = undefined;
  }

  /** Copies the unfinished line so it does not pin the (possibly large) socket chunk in memory. */
  private keepRemainder(): void {
    if (this.lineLength === 0) {
      this.reset();
      return;
    }
    if (this.parts.length === 1 && this.parts[0] === this.carried) return;
    this.carried = Buffer.concat(this.parts, this.lineLength);
    this.parts = [this.carried];
  }
}
