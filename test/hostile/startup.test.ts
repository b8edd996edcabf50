/**
 * The process as a careless operator meets it: the simulator next to real tokens, where it listens,
 * what a bad DATABASE_PATH or a busy port prints, how `npm start` stops, and who may read the file.
 * Real child processes, real files, loopback only.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { silentLogger } from '../../src/deps';
import { createRuntime } from '../../src/entry/node-runtime';
import { type EntryProcess, groupGone, ROOT, startEntry, startNodeEntry } from '../support/entry-process';

let dir: string;
const started: EntryProcess[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chibo-startup-'));
});
afterEach(() => {
  for (const p of started.splice(0)) p.killGroup();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const track = (p: EntryProcess) => {
  started.push(p);
  return p;
};

/** What an operator reads: the lines printed, and no stack frame or source path among them. */
function expectOneLineFailure(text: string, variable: string) {
  const lines = text.trim().split('\n').filter(Boolean);
  expect(lines, text).toHaveLength(1);
  expect(lines[0]).toContain(variable);
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/node_modules|\.ts:\d+/);
}

describe('the simulator next to real tokens', () => {
  it('is refused in one line naming both variables', () => {
    let message = '';
    try {
      loadConfig({ SIMULATOR: '1', TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_POLLING: '1' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('SIMULATOR');
    expect(message).toContain('TELEGRAM_BOT_TOKEN');
    expect(message).not.toContain('\n');
    expect(() =>
      loadConfig({ SIMULATOR: 'on', ZALO_BOT_TOKEN: 'z', ZALO_WEBHOOK_SECRET: 'secret123' }),
    ).toThrow(/SIMULATOR.*ZALO_BOT_TOKEN/);
  });

  it('stops the real start with that line and a non-zero exit', async () => {
    const p = track(
      startNodeEntry({
        SIMULATOR: '1',
        TELEGRAM_BOT_TOKEN: '123:abc',
        TELEGRAM_POLLING: '1',
        DATABASE_PATH: join(dir, 'sim-token.db'),
        PORT: '0',
      }),
    );
    const { code } = await p.exited;
    expect(code).not.toBe(0);
    expectOneLineFailure(p.stderr(), 'SIMULATOR');
    expect(p.stderr()).toContain('TELEGRAM_BOT_TOKEN');
  });

  it('still starts without the simulator when only tokens are set (it is off by default then)', () => {
    const c = loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_POLLING: '1' });
    expect(c.SIMULATOR).toBe(false);
    expect(c.HOST).toBe('0.0.0.0');
  });
});

describe('where it listens', () => {
  it('with the simulator on, only on this machine unless HOST says otherwise', async () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(() => loadConfig({ HOST: 'http://x y' })).toThrow(/HOST/);

    const runtime = await createRuntime(loadConfig({ DATABASE_PATH: ':memory:', DEMO_DATA: '0' }), {
      cron: false,
      log: silentLogger,
    });
    try {
      const { server } = await runtime.listen(0);
      const address = server.address();
      expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    } finally {
      await runtime.stop();
    }
  });

  it('prints the address at start', async () => {
    const p = track(startNodeEntry({ DATABASE_PATH: join(dir, 'print.db'), PORT: '0' }));
    const [line] = await p.waitFor(/chibo listening on .*\n/);
    expect(line).toContain('127.0.0.1');
    expect(line).toContain('simulator');
    p.proc.kill('SIGTERM');
    expect((await p.exited).code).toBe(0);
  });
});

describe('start-up failures are one line naming the variable, and a non-zero exit', () => {
  let busy: Server;
  let busyPort: number;
  beforeAll(async () => {
    busy = createServer();
    busyPort = await new Promise<number>((resolve) =>
      busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)),
    );
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  const cases: [string, () => Record<string, string>, string][] = [
    ['DATABASE_PATH is a folder', () => ({ DATABASE_PATH: dir }), 'DATABASE_PATH'],
    [
      'DATABASE_PATH is not a database',
      () => {
        const f = join(dir, 'notes.txt');
        writeFileSync(f, 'this is not a database, it is a shopping list\n'.repeat(200));
        return { DATABASE_PATH: f };
      },
      'DATABASE_PATH',
    ],
    [
      'DATABASE_PATH goes through a file',
      () => {
        const f = join(dir, 'plain-file');
        writeFileSync(f, 'x');
        return { DATABASE_PATH: join(f, 'chibo.db') };
      },
      'DATABASE_PATH',
    ],
    ['PORT is in use', () => ({ DATABASE_PATH: join(dir, 'busy.db'), PORT: String(busyPort) }), 'PORT'],
    ['PORT is not a number', () => ({ DATABASE_PATH: join(dir, 'nan.db'), PORT: 'eighty' }), 'PORT'],
  ];

  it.each(cases)('%s', async (_, env, variable) => {
    const p = track(startNodeEntry({ PORT: '0', ...env() }));
    const { code } = await p.exited;
    expect(code).toBe(1);
    expectOneLineFailure(p.stderr(), variable);
  });

  it('the CLI says the same about DATABASE_PATH', async () => {
    const p = track(
      startEntry(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'src/entry/cli.ts'), 'backup', join(dir, 'b')],
        {
          DATABASE_PATH: dir,
        },
      ),
    );
    expect((await p.exited).code).toBe(1);
    expectOneLineFailure(p.stderr(), 'DATABASE_PATH');
  });
});

describe('stopping', () => {
  it('`npm start` stops on SIGTERM sent to npm alone: exit 0, no process left, the database closed', async () => {
    const file = join(dir, 'npm-start.db');
    const p = track(
      startEntry('npm', ['start', '--silent'], { DATABASE_PATH: file, PORT: '0', DEMO_DATA: '1' }),
    );
    const [, port] = await p.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);

    // As systemd or `docker stop` do: the signal goes to the process they started, not to its group.
    p.proc.kill('SIGTERM');
    const { code } = await p.exited;
    expect(code).toBe(0);
    expect(await groupGone(p), 'a process of `npm start` kept running').toBe(true);
    // A clean close checkpoints the WAL into the file and removes it; a killed process leaves it.
    expect(() => statSync(`${file}-wal`)).toThrow();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n).toBeGreaterThan(0);
    db.close();
  });

  it('the Node entry stops on SIGINT (Ctrl-C) with exit 0', async () => {
    const p = track(startNodeEntry({ DATABASE_PATH: join(dir, 'sigint.db'), PORT: '0' }));
    await p.waitFor(/listening on/);
    process.kill(-p.proc.pid!, 'SIGINT'); // the terminal signals the whole foreground group
    expect(await p.exited, p.stdout() + p.stderr()).toEqual({ code: 0, signal: null });
    expect(p.stdout()).toContain('chibo stopped');
  });
});

describe('the database file', () => {
  it('and its -wal and -shm are readable by the owner only, whatever the umask', async () => {
    const file = join(dir, 'modes', 'chibo.db');
    const p = track(
      startNodeEntry({ DATABASE_PATH: file, PORT: '0', DEMO_DATA: '1' }, { shell: 'umask 000' }),
    );
    await p.waitFor(/listening on/);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
    }
    expect((statSync(join(dir, 'modes')).mode & 0o777).toString(8)).toBe('700');
    p.proc.kill('SIGTERM');
    await p.exited;
  });

  it('left readable by others by an older version is tightened at start', async () => {
    const file = join(dir, 'old', 'chibo.db');
    mkdirSync(join(dir, 'old'));
    new Database(file).close();
    writeFileSync(join(dir, 'old', 'keep.txt'), 'x');
    const { chmodSync } = await import('node:fs');
    chmodSync(file, 0o644);
    const p = track(startNodeEntry({ DATABASE_PATH: file, PORT: '0' }));
    await p.waitFor(/listening on/);
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(readFileSync(join(dir, 'old', 'keep.txt'), 'utf8')).toBe('x');
    p.proc.kill('SIGTERM');
    await p.exited;
  });
});
