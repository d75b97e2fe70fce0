import { Agent, ClientRequest, request } from 'node:http';
import { waitUntil } from './wait-until';

export interface StreamRequest {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** How one request ended: an HTTP status, or the transport error that took its place. */
export interface Outcome {
  name: string;
  status?: number;
  error?: string;
}

/**
 * Whether what was written of the request has reached the server's machine: its connection is established and
 * nothing is left in the client's buffer. On a connection still being set up the client only buffers the request,
 * whatever its 'finish' event says.
 */
function delivered(outgoing: ClientRequest): boolean {
  const socket = outgoing.socket;
  return socket !== null && !socket.connecting && socket.writableLength === 0;
}

/** Sends one request; `written` is called once all of it has been handed to the socket. */
function send(outgoing: ClientRequest, name: string, written: () => void = () => undefined): Promise<Outcome> {
  return new Promise<Outcome>((done) => {
    outgoing.on('response', (response) => {
      response.resume();
      response.once('end', () => done({ name, status: response.statusCode }));
      response.once('error', (error: NodeJS.ErrnoException) => done({ name, error: error.code ?? error.message }));
      response.once('close', () => {
        if (!response.complete) done({ name, error: 'response cut short' });
      });
    });
    outgoing.once('finish', written);
    outgoing.once('error', (error: NodeJS.ErrnoException) => done({ name, error: error.code ?? error.message }));
  });
}

interface Pending {
  name: string;
  outgoing: ClientRequest;
  finished: boolean;
}

/**
 * Keeps a fixed number of requests in flight against a server over keep-alive connections, as a busy load
 * balancer does: each lane sends its next request as soon as the previous one is answered, until stopped.
 */
export class RequestStream {
  readonly outcomes: Outcome[] = [];
  private readonly agent: Agent;
  private readonly pending = new Set<Pending>();
  private stopped = false;
  private lanes: Array<Promise<void>> = [];
  private readonly lanesAnswered = new Set<number>();

  constructor(
    private readonly baseUrl: string,
    private readonly requests: StreamRequest[],
    private readonly laneCount: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: laneCount });
  }

  /** Lane n always sends requests[n % requests.length], so the mix in flight stays the same. */
  start(): void {
    this.lanes = Array.from({ length: this.laneCount }, async (_, lane) => {
      const next = this.requests[lane % this.requests.length];
      while (!this.stopped) {
        this.outcomes.push(await this.send(next));
        this.lanesAnswered.add(lane);
      }
    });
  }

  get answered(): number {
    return this.outcomes.length;
  }

  /**
   * Whether every lane has had an answer, so the server has taken all their connections in. A busy server takes
   * new connections in slowly (they wait in the kernel's queue), and on a stop it never takes in those still waiting.
   */
  get everyLaneAnswered(): boolean {
    return this.lanesAnswered.size === this.laneCount;
  }

  inFlight(name?: string): number {
    return [...this.pending].filter((pending) => name === undefined || pending.name === name).length;
  }

  /**
   * Sends nothing more, and returns once every request in flight has reached the server in full, so that all of
   * them were sent before whatever the caller does next. Returns how many are in flight.
   */
  async stop(): Promise<number> {
    this.stopped = true;
    await waitUntil(
      'the requests in flight reached the server',
      () => [...this.pending].every((pending) => pending.finished && delivered(pending.outgoing)),
      10_000,
      5,
    );
    return this.pending.size;
  }

  /** Resolves once every request sent has ended, one way or another. */
  async settled(): Promise<void> {
    await Promise.all(this.lanes);
  }

  close(): void {
    this.stopped = true;
    this.agent.destroy();
  }

  private send({ name, method, path, headers = {}, body }: StreamRequest): Promise<Outcome> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = request(`${this.baseUrl}${path}`, {
      method,
      agent: this.agent,
      headers: payload ? { ...headers, 'content-type': 'application/json' } : headers,
    });
    const pending: Pending = { name, outgoing, finished: false };
    this.pending.add(pending);
    const outcome = send(outgoing, name, () => (pending.finished = true));
    outgoing.end(payload);
    return outcome.finally(() => this.pending.delete(pending));
  }
}

/**
 * A request from a slow client: its headers and the first half of its body go at once, the rest only when
 * `finish` is called. Until then the server has begun the request but cannot answer it. It asks for a
 * `100 Continue` first, the server's word that it has read the headers.
 */
export function aSlowRequest(
  baseUrl: string,
  { name, method, path, headers = {}, body }: StreamRequest,
): { begun: () => Promise<void>; finish: () => Promise<Outcome> } {
  const payload = Buffer.from(JSON.stringify(body ?? {}));
  const half = Math.floor(payload.length / 2);
  const outgoing = request(`${baseUrl}${path}`, {
    method,
    agent: false,
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(payload.length),
      expect: '100-continue',
    },
  });
  let continued = false;
  outgoing.once('continue', () => {
    continued = true;
    outgoing.write(payload.subarray(0, half));
  });
  const outcome = send(outgoing, name);
  outgoing.flushHeaders();
  return {
    /** Resolves once the server has read the headers and the first half of the body has reached it. */
    begun: () => waitUntil(`the server began the slow ${name}`, () => continued && delivered(outgoing), 10_000, 5),
    finish: () => {
      outgoing.end(payload.subarray(half));
      return outcome;
    },
  };
}
