/**
 * Every reply of a session leaves through here (RFC 959 §4.2), formatted by the protocol package:
 * single and multi-line replies, the hyphenated style, replies whose middle lines are streamed, and
 * a transfer's replies. It also tells the observer each command's first reply.
 */
import type { Socket } from 'node:net';
import { formatReply, replyClosing, replyContinuation, replyOpening, type ReplyStyle } from '@bucketftp/protocol';
import { writeLines } from './commands/shared/write-lines.js';

/** The control connection as the writer needs it (the socket changes with AUTH TLS). */
export interface ReplySink {
  readonly socket: Socket;
  write(text: string): void;
}

export class ReplyWriter {
  /** The command whose first reply the observer has not seen yet. */
  private unanswered: string | undefined;

  constructor(
    private readonly sink: ReplySink,
    private readonly answered: (verb: string, code: number) => void,
  ) {}

  /** A command starts: its first reply is reported as its answer. */
  begin(verb: string): void {
    this.unanswered = verb;
  }

  /** The command's handler returned; a transfer it started reports its own first reply (150 or 425). */
  end(): void {
    this.unanswered = undefined;
  }

  reply(code: number, text: string | readonly string[], style: ReplyStyle = 'indented'): void {
    this.note(code);
    this.sink.write(formatReply(code, text, style));
  }

  /** `code-first`, the streamed middle lines, `code last`, with control-socket backpressure. */
  async stream(code: number, first: string, lines: AsyncIterable<string>, last: string): Promise<void> {
    this.note(code);
    const socket = this.sink.socket;
    const controller = new AbortController();
    const stop = () => controller.abort();
    socket.once('close', stop);
    try {
      async function* body() {
        yield replyOpening(code, first);
        for await (const line of lines) yield replyContinuation(line);
        yield replyClosing(code, last);
      }
      await writeLines(socket, body(), controller.signal);
    } finally {
      socket.off('close', stop);
    }
  }

  /**
   * A reply of a running transfer, written beside whatever command runs meanwhile (which keeps its
   * own first-reply bookkeeping). `answers`: the transfer command this reply is the first answer to.
   */
  transfer(code: number, text: string, answers?: string): void {
    if (answers !== undefined) this.answered(answers, code);
    this.sink.write(formatReply(code, text));
  }

  private note(code: number): void {
    const verb = this.unanswered;
    if (verb === undefined) return;
    this.unanswered = undefined;
    this.answered(verb, code);
  }
}
