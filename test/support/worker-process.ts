import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The real worker (src/worker.ts) as a process of its own, so a test can kill it as an orchestrator or a crash
 * would, SIGKILL included. It reads only the environment it is given on top of the test's.
 */
export class WorkerProcess {
  private stderr = '';

  private constructor(private readonly child: ChildProcess) {
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4_000)));
  }

  static start(env: Record<string, string>): WorkerProcess {
    const root = resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/worker.ts'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return new WorkerProcess(child);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the process wrote to standard error lately, for a failure message. */
  get errors(): string {
    return this.stderr;
  }

  /** Sends the signal and waits until the process is gone; answers how it ended. */
  async kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) {
      const exited = new Promise((done) => this.child.once('exit', done));
      this.child.kill(signal);
      await exited;
    }
    return { code: this.child.exitCode, signal: this.child.signalCode };
  }
}
