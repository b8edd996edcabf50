/**
 * Runs a real entry point (`npm start`, the Node entry, the CLI) in its own process group with a
 * clean environment, and collects what it prints: start-up messages, signals and exit codes are
 * about the process as an operator sees it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface EntryProcess {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout + stderr; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True while any process of its group (the entry and whatever it started) is alive. */
  groupAlive(): boolean;
  /** SIGKILL to the whole group: cleanup after a failed test. */
  killGroup(): void;
}

/** Only what a bare shell would have, plus the given variables: no token of the developer leaks in. */
export function cleanEnv(env: Record<string, string>): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot'];
  const base: Record<string, string> = {};
  for (const k of keep) if (process.env[k]) base[k] = process.env[k]!;
  return { ...base, DEMO_DATA: '0', LOG_LEVEL: 'warn', ...env };
}

export function startEntry(
  command: string,
  args: string[],
  env: Record<string, string>,
  opts: { cwd?: string; shell?: string } = {},
): EntryProcess {
  const proc = opts.shell
    ? spawn('sh', ['-c', `${opts.shell}; exec "$0" "$@"`, command, ...args], {
        cwd: opts.cwd ?? ROOT,
        env: cleanEnv(env),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawn(command, args, {
        cwd: opts.cwd ?? ROOT,
        env: cleanEnv(env),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    for (const l of listeners) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const groupAlive = () => {
    try {
      process.kill(-proc.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    groupAlive,
    killGroup() {
      if (groupAlive()) process.kill(-proc.pid!, 'SIGKILL');
    },
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(out + err);
          if (m) {
            done();
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          check();
          if (listeners.has(check)) {
            done();
            reject(new Error(`exited before ${pattern}\nstdout: ${out}\nstderr: ${err}`));
          }
        });
        check();
      });
    },
  };
}

/** The Node entry as `npm start` runs it, but without npm in between. */
export function startNodeEntry(env: Record<string, string>, opts: { shell?: string } = {}): EntryProcess {
  return startEntry(process.execPath, ['--import', 'tsx', join(ROOT, 'src/entry/node.ts')], env, opts);
}

/** Waits until the whole process group is gone (children included), up to `timeoutMs`. */
export async function groupGone(p: EntryProcess, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!p.groupAlive()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !p.groupAlive();
}
