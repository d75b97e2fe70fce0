import { ChildProcess, spawn } from 'node:child_process';
import { get } from 'node:http';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { freePort } from './throwaway-redis';
import { waitUntil } from './wait-until';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The real API (src/main.ts, as `npm start` runs it) as a process of its own on a free port, so a test can signal
 * it as an orchestrator would. It reads only the environment it is given on top of the test's.
 */
export class ApiProcess {
  private stderr = '';
  /** Settles when the process is gone, with how it ended. */
  readonly exited: Promise<Exit>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4_000)));
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  }

  static async start(env: Record<string, string>): Promise<ApiProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: resolve(__dirname, '../..'),
      env: { ...process.env, LOG_LEVEL: 'silent', ...env, HOST: '127.0.0.1', PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return new ApiProcess(child, port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the process wrote to standard error lately, for a failure message. */
  get errors(): string {
    return this.stderr;
  }

  /** Waits until `/health/ready` answers 200; fails early if the process dies while starting. */
  async ready(timeoutMs = 60_000): Promise<void> {
    await waitUntil(
      () => `the API on port ${this.port} is ready (${this.running ? 'running' : 'exited'}: ${this.stderr})`,
      async () => {
        if (!this.running) throw new Error(`The API exited while starting: ${this.stderr}`);
        return (await this.readyStatus()) === 200;
      },
      timeoutMs,
    );
  }

  /** Whether the port still takes new connections (it stops when the server begins to close). */
  acceptsConnections(): Promise<boolean> {
    return new Promise((done) => {
      const socket = connect(this.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Sends the signal if it still runs and waits until the process is gone (cleanup). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  private readyStatus(): Promise<number | undefined> {
    return new Promise((done) => {
      const request = get(`${this.url}/health/ready`, { agent: false }, (response) => {
        response.resume();
        done(response.statusCode);
      });
      request.setTimeout(2_000, () => request.destroy());
      request.once('error', () => done(undefined));
    });
  }
}
