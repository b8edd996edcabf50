/**
 * The operator CLI, typed wrong the way a new operator does: a verb without its file or options,
 * `--help` after a verb, an option misspelt. Each answer says what is missing and how to type it, in
 * one or two lines, with a non-zero exit; never "File not found: (none)" or the whole usage page.
 * The real CLI as a child process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chibo-cli-usage-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const env = { ...process.env, DATABASE_PATH: join(dir, 'c.db'), DEMO_DATA: '0' };
  try {
    const r = await run('npx', ['tsx', 'src/entry/cli.ts', ...args], { env, cwd: process.cwd() });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('the CLI says what is missing', () => {
  it.each([
    [['import-units'], /import-units needs a CSV file: npm run cli -- import-units FILE\.csv/],
    [['import-people'], /import-people needs a CSV file/],
    [['invite'], /invite needs --unit CODE\nusage: invite --unit CODE --role ROLE/],
    [
      ['invite', '--unit', 'XQS'],
      /invite needs --role ROLE \(secretary, deputy, supervisor, committee, coordinator\)/,
    ],
    [['invite', '--help'], /^usage: invite --unit CODE --role ROLE \[--name NAME\] \[--group\]\n$/],
    [['invite', '--unit', 'XQS', '--rol', 'secretary'], /Unknown option '--rol'.*\nusage: invite/],
    [['export', '--help'], /^usage: export --unit CODE --period/],
  ])(
    '%j',
    async (args, said) => {
      const r = await cli(...args);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(said);
      expect(r.out).not.toContain('(none)');
      expect(r.out).not.toContain('Usage: npm run cli');
      expect(r.out.split('\n').length).toBeLessThanOrEqual(3);
    },
    30_000,
  );
});
