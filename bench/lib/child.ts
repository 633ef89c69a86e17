import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIST, PROFILES_DIR } from './paths';

export interface ChildOptions {
  env?: Record<string, string>;
  /** Record a CPU profile of this child into bench/.tmp/profiles/<name>/. */
  profileAs?: string;
  timeoutMs?: number;
}

const nodeArgs = (options: ChildOptions): string[] => {
  if (!options.profileAs) return [];
  const dir = join(PROFILES_DIR, options.profileAs);
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
};

const spawnScript = (script: string, payload: unknown, options: ChildOptions): ChildProcess =>
  spawn(process.execPath, [...nodeArgs(options), join(BENCH_DIST, 'children', `${script}.js`), JSON.stringify(payload)], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });

/** Lines of JSON a child prints on stdout; everything else it prints is passed through. */
const jsonLines = (child: ChildProcess, onJson: (value: unknown) => void): void => {
  let buffer = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line.startsWith('{')) onJson(JSON.parse(line));
      else if (line) console.log(`  │ ${line}`);
    }
  });
};

/** Run a bench child script to completion and return the last JSON object it printed. */
export const runChild = <T>(script: string, payload: unknown, options: ChildOptions = {}): Promise<T> =>
  new Promise((resolve, reject) => {
    const child = spawnScript(script, payload, options);
    let last: unknown;
    jsonLines(child, (value) => (last = value));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code === 0 && last !== undefined) resolve(last as T);
      else reject(new Error(`bench child ${script} exited with ${code ?? signal}`));
    });
  });

export interface RunningChild<T> {
  /** The first JSON object the child printed (e.g. the port it listens on). */
  ready: T;
  pid: number;
  /** Ask the child to finish (IPC "stop"), wait for it, kill it after a grace period. */
  stop(): Promise<void>;
}

/** Start a long-running bench child and wait for its first JSON line. */
export const startChild = <T>(script: string, payload: unknown, options: ChildOptions = {}): Promise<RunningChild<T>> =>
  new Promise((resolve, reject) => {
    const child = spawnScript(script, payload, options);
    let started = false;
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    const startTimer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    jsonLines(child, (value) => {
      if (started) return;
      started = true;
      clearTimeout(startTimer);
      resolve({
        ready: value as T,
        pid: child.pid ?? 0,
        async stop() {
          if (child.exitCode === null && child.connected) child.send('stop');
          const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(startTimer);
      if (!started) reject(new Error(`bench child ${script} exited with ${code ?? signal} before it was ready`));
    });
  });

/** In a child: the JSON payload its parent passed. */
export const payloadOf = <T>(): T => JSON.parse(process.argv[2] ?? '{}') as T;

/** In a child: report a JSON result to the parent. */
export const report = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

/** In a child: run `onStop` when the parent asks, then exit normally (so --cpu-prof writes its profile). */
export const onStopRequest = (onStop: () => Promise<void>): void => {
  process.on('message', (message) => {
    if (message !== 'stop') return;
    onStop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
};
