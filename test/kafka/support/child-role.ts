import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** A Tenfold role (`ingest`, `projector`, `api`) running as a real child process from dist/. */
export class ChildRole {
  private child?: ChildProcess;
  private exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output = '';

  constructor(
    readonly role: 'ingest' | 'projector' | 'api',
    private readonly env: Record<string, string>,
  ) {}

  /** Spawn `node dist/apps/<role>/src/main.js` and resolve once a log line contains `readyText`. */
  async start(readyText: string, timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, [join(root, 'dist/apps', this.role, 'src/main.js')], {
      cwd: root,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const collect = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-200_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(readyText)) {
      if (child.exitCode !== null) throw new Error(`${this.role} exited with ${child.exitCode} before it was ready:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${this.role} not ready after ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Send a signal and wait for the process to end. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000) {
    if (!this.child || !this.exited) throw new Error(`${this.role} was not started`);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const timer = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${this.role} did not exit within ${timeoutMs} ms`)), timeoutMs).unref(),
    );
    return Promise.race([this.exited, timer]);
  }

  /** For afterAll: make sure nothing is left running. */
  async ensureStopped(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) await this.stop('SIGKILL').catch(() => undefined);
  }
}
