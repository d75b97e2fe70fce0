import { simpleParser, ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A filter for `listener.messages`: the messages sent to `address` (case-insensitive, display name or not). */
export const to = (address: string) => (mail: ParsedMail) =>
  [mail.to].flat().some((recipient) => recipient?.text.toLowerCase().includes(address.toLowerCase()));

export interface SmtpListenerOptions {
  /** Refuse this many messages first, with `rejectCode`. */
  rejectNext?: number;
  /** 4xx (try later) or 5xx (refused); 451 if not given. */
  rejectCode?: number;
}

interface HeldMessage {
  mail: ParsedMail;
  sessionId: string;
  done: (error?: Error | null) => void;
}

/**
 * A real SMTP server on a free local port that keeps what it receives, for tests that read sent mail. For fault
 * tests it can refuse messages (a 4xx or 5xx answer to DATA), and hold them: a held message is read in full but
 * not answered, as a slow server would do, so the sender is still waiting; it counts as received only once
 * released, and a sender that disconnects before that delivered nothing (SMTP hands over a message at the 250).
 */
export class SmtpListener {
  readonly messages: ParsedMail[] = [];
  /** How many messages were refused. */
  rejected = 0;
  private rejectNextCount: number;
  private rejectCode: number;
  private rejectEverything = false;
  private holding = false;
  private readonly held: HeldMessage[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, done) => {
      simpleParser(stream)
        .then((mail) => {
          if (this.rejectEverything || this.rejectNextCount > 0) {
            this.rejectNextCount = Math.max(0, this.rejectNextCount - 1);
            this.rejected += 1;
            const error = Object.assign(new Error(`Refused by the test (${this.rejectCode})`), {
              responseCode: this.rejectCode,
            });
            done(error);
          } else if (this.holding) {
            this.held.push({ mail, sessionId: session.id, done });
          } else {
            this.messages.push(mail);
            done();
          }
        })
        .catch(done);
    },
    onClose: (session) => {
      // The sender went away without the answer: for it, and for the test, the message was never delivered.
      for (let index = this.held.length - 1; index >= 0; index--) {
        if (this.held[index].sessionId === session.id) this.held.splice(index, 1);
      }
    },
  });

  constructor(options: SmtpListenerOptions = {}) {
    this.rejectNextCount = options.rejectNext ?? 0;
    this.rejectCode = options.rejectCode ?? 451;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  /** Refuses the next `count` messages with `code` (451: try again later; 550: refused for good). */
  rejectNext(count: number, code = 451): void {
    this.rejectNextCount = count;
    this.rejectCode = code;
  }

  /** Refuses every message with `code` until `acceptAll()`. */
  rejectAll(code = 550): void {
    this.rejectEverything = true;
    this.rejectCode = code;
  }

  acceptAll(): void {
    this.rejectEverything = false;
    this.rejectNextCount = 0;
  }

  /** From now on, messages are read but not answered until `release()`. */
  hold(): void {
    this.holding = true;
  }

  /** Messages read and waiting for an answer whose sender is still connected. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Answers (accepts) the held messages and stops holding. */
  release(): void {
    this.holding = false;
    for (const { mail, done } of this.held.splice(0)) {
      this.messages.push(mail);
      done();
    }
  }

  /** Waits until a message matches, polling briefly; fails with what did arrive. */
  async waitFor(match: (mail: ParsedMail) => boolean, timeoutMs = 5_000): Promise<ParsedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `No matching mail within ${timeoutMs} ms; received: ${this.messages.map((mail) => mail.subject).join(', ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  stop(): Promise<void> {
    this.release();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
