/**
 * Every text parser under src/domain (found at run time: exported functions named parse*, match*,
 * extract*), plus the command matcher and text folding, never throws on hostile text.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index';
import { matchCommand } from '../../src/bot/match';
import { takeRole } from '../../src/bot/roles';
import * as normalize from '../../src/text/normalize';
import { hostileText, hugeText } from '../support/hostile';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const DOMAIN = join(ROOT, 'src/domain');
const NOW = new Date('2026-11-26T03:00:00Z');
const TZ = 'Asia/Ho_Chi_Minh';

type Call = (text: string) => unknown;

/** Parsers whose arguments are not (text, now, zone, ...): how to call them. */
const SPECIAL: Record<string, (fn: (...args: any[]) => unknown) => Call> = {
  matchCandidates: (fn) => (text) =>
    fn(
      [
        { personId: 'p1', name: 'Nguyễn Văn An', units: [] },
        { personId: 'p2', name: text, units: [] },
      ],
      text,
    ),
  parseAssignLine: (fn) => (text) => fn(text, NOW, TZ, (w: string) => /\d/.test(w)),
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

async function parsers(): Promise<{ name: string; call: Call }[]> {
  const found: { name: string; call: Call }[] = [];
  for (const file of sourceFiles(DOMAIN)) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== 'function' || !/^(parse|match|extract)[A-Z]/.test(name)) continue;
      const fn = value as (...args: any[]) => unknown;
      const call = SPECIAL[name]?.(fn) ?? ((text: string) => fn(text, NOW, TZ));
      found.push({ name: `${relative(ROOT, file)}#${name}`, call });
    }
  }
  found.push({ name: 'src/bot/match.ts#matchCommand', call: (t) => matchCommand(t, commands) });
  found.push({ name: 'src/bot/roles.ts#takeRole', call: takeRole });
  for (const [name, value] of Object.entries(normalize)) {
    if (typeof value === 'function')
      found.push({ name: `src/text/normalize.ts#${name}`, call: value as Call });
  }
  return found;
}

const all = await parsers();

describe('text parsers under hostile text', () => {
  it('finds the parsers of every feature', () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
  });

  it.each(all.map((p) => [p.name, p] as const))('%s never throws', (_, p) => {
    fc.assert(
      fc.property(
        fc.oneof({ weight: 8, arbitrary: hostileText }, { weight: 1, arbitrary: hugeText }),
        (text) => {
          p.call(text);
        },
      ),
      { numRuns: 150 },
    );
  });
});
