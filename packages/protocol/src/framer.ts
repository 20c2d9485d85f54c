/**
 * Control-connection line framer.
 *
 * The control connection speaks the Telnet NVT (RFC 959 §4.1.3, RFC 854): commands end with CRLF, the
 * byte 0xFF (IAC) introduces Telnet commands and a literal 0xFF is sent doubled. The framer turns an
 * arbitrary sequence of socket chunks into lines with the Telnet commands removed.
 *
 * An emitted line may be a view of the chunk it came from (no copy); the unfinished remainder is always
 * copied, so the framer never pins a large chunk in memory.
 */

export interface LineFramerOptions {
  /** Longest accepted line in bytes, not counting the terminator. */
  maxLineLength: number;
}

export type FramedItem = { kind: 'line'; line: Buffer } | { kind: 'too-long' };

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;

// RFC 854 command codes.
const IAC = 0xff;
const DONT = 0xfe;
const WILL = 0xfb;
const SB = 0xfa;
const SE = 0xf0;

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
  /** The current line went past maxLineLength: drop bytes until the next terminator. */
  private discarding = false;
  /** The previous byte ended a line with CR: a following LF or NUL belongs to it. */
  private afterCR = false;
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
      // RFC 959 §4.1.3 ends a line with CRLF; a lone CR or LF ends one too. Pathnames cannot contain
      // either, and a client sending ABOR as urgent data may lose the final LF, leaving "ABOR\r".
      if (byte === CR || byte === LF) {
        this.endLine(items);
        this.afterCR = byte === CR;
        i++;
        continue;
      }
      if (byte === IAC) {
        this.telnet = TelnetState.Command;
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

  /** Adds chunk[start, end) to the current line, switching to discarding when it grows too long. */
  private append(chunk: Buffer, start: number, end: number, items: FramedItem[]): void {
    if (this.discarding) return;
    const length = end - start;
    if (this.lineLength + length > this.maxLineLength) {
      items.push({ kind: 'too-long' });
      this.discarding = true;
      this.reset();
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
