/** Starts `server-child.ts` in its own Node process and waits for its port. */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'server-child.ts');

export interface Child {
  proc: ChildProcess;
  port: number;
  url: string;
  /** Resident memory of the child, in bytes. */
  rss(): Promise<number>;
  /** Starts watching the child's event loop; the returned function stops and gives its delays. */
  watchLoop(): Promise<() => Promise<{ maxMs: number; p99Ms: number }>>;
  /** SIGKILL: no shutdown hook runs, like a power-cut of the process. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export async function startChild(
  env: Record<string, string>,
  opts: { timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<Child> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', SCRIPT], {
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start in time\n${stderr}`)), timeoutMs);
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code}) before it was ready\n${stderr}`));
    });
  });
  return {
    proc,
    port,
    url: `http://127.0.0.1:${port}`,
    rss: () =>
      new Promise<number>((resolve) => {
        proc.once('message', (m: { rss: number }) => resolve(m.rss));
        proc.send({ type: 'rss' });
      }),
    async watchLoop() {
      const ask = <T>(type: string, answer: string) =>
        new Promise<T>((resolve) => {
          const on = (m: { type?: string }) => {
            if (m?.type !== answer) return;
            proc.off('message', on);
            resolve(m as T);
          };
          proc.on('message', on);
          proc.send({ type });
        });
      await ask('loop-start', 'loop-started');
      return () => ask<{ maxMs: number; p99Ms: number }>('loop-stop', 'loop');
    },
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.send({ type: 'stop' });
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
