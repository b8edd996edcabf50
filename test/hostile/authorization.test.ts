/**
 * Who may do what, as a matrix: every role × every registered command (read from the registry, so
 * new commands join by themselves) × a target unit that is the holder's own, a child, a sibling or
 * the parent. Expected: allowed when the command's `access` admits the role and the target is the
 * holder's unit or below it; otherwise the Vietnamese refusal, and nothing written.
 *
 * The role is held at XA1:  TINH (parent) ─┬─ XA1 (own) ── CB1 (child)
 *                                          └─ XA2 (sibling)
 */
import { describe, expect, it } from 'vitest';
import type { CommandDef } from '../../commands/define';
import { commands } from '../../commands/index';
import type { Role } from '../../db/schema';
import { mayUse } from '../../src/bot/handle';
import { createHarness, type Harness } from '../support/harness';

const TARGETS = { own: 'XA1', child: 'CB1', sibling: 'XA2', parent: 'TINH' } as const;
const TARGET_NAMES = { own: 'xã Một', child: 'thôn Một', sibling: 'xã Hai', parent: 'tỉnh Thử' } as const;
type Target = keyof typeof TARGETS;
const ROLES: (Role | 'unlinked')[] = [
  'secretary',
  'deputy',
  'supervisor',
  'committee',
  'coordinator',
  'unlinked',
];

/** A refusal in any feature's words: not allowed, not linked, outside one's units. */
const REFUSAL =
  /không dùng được lệnh|chưa được liên kết|không thuộc phạm vi|ngoài phạm vi|không có quyền|không phụ trách|(^|\n)Chỉ [^.\n]{0,80}được/i;
/** A unit outside the person's scope is answered exactly as an unknown one, never by its name. */
const NOT_FOUND = /Không tìm thấy (đơn vị|chi bộ) "[^"]+" trong phạm vi/;
/** Tables a refused command must leave alone (its processed key and the refusal itself are fine). */
// command_usage counts what a person typed (for the short answer to an unknown message), not what they did.
const UNTOUCHED_EXCEPT = new Set([
  'processed_keys',
  'outbox',
  'audit_log',
  'command_usage',
  '__drizzle_migrations',
]);
/** Unit codes in the examples of the commands (demo codes), replaced by the target's code. */
const EXAMPLE_UNIT = /\b(KP\d+|XQS|XA\d+|CB\d+|TINH)\b/;

/** Arguments for commands whose example has no unit, or needs more than the example to name one. */
const ARGS: Record<string, (code: string) => string> = {
  moi: (code) => `bithu ${code} Nguyễn Văn Thử`,
  baocao: (code) => `xem ${code} 11/2026`,
};

/**
 * Exceptions to the general rule, each a documented product rule (key: `command/role/target`).
 * Keep this short: every line is a place where scope is not "own unit and below".
 */
const EXCEPTIONS: Record<string, 'allow' | 'deny'> = {
  // A supervisor reads a cell's schedule with `lich`, but only its secretary or deputy sets one (the example).
  'lich/supervisor/-': 'deny',
  // `thongbao XA2 ...` where XA2 is outside the scope: read like any word that is not a unit code, so
  // as the first word of a notice to the coordinator's own unit (refusing would confirm XA2 exists).
  'thongbao/coordinator/sibling': 'allow',
  'thongbao/coordinator/parent': 'allow',
};

interface Case {
  command: CommandDef;
  role: Role | 'unlinked';
  target: Target | null;
  text: string;
  expect: 'allow' | 'deny';
}

function textFor(command: CommandDef, code: string | null): string {
  if (code && ARGS[command.name]) return `${command.name} ${ARGS[command.name]!(code)}`;
  const example = command.example.trim();
  if (code && EXAMPLE_UNIT.test(example)) return example.replace(EXAMPLE_UNIT, code);
  return example;
}

function takesUnit(command: CommandDef): boolean {
  return Boolean(ARGS[command.name]) || EXAMPLE_UNIT.test(command.example);
}

function expectation(command: CommandDef, role: Role | 'unlinked', target: Target | null): 'allow' | 'deny' {
  const person =
    role === 'unlinked' ? null : { id: 'x', name: 'x', reminderChannel: 'both', roles: [{ role } as never] };
  const exception = EXCEPTIONS[`${command.name}/${role}/${target ?? '-'}`];
  if (exception) return exception;
  if (!mayUse(command, person)) return 'deny';
  if (target === 'sibling' || target === 'parent') return 'deny';
  return 'allow';
}

const cases: Case[] = commands.flatMap((command) =>
  ROLES.flatMap((role) => {
    const targets: (Target | null)[] = takesUnit(command) ? (Object.keys(TARGETS) as Target[]) : [null];
    return targets.map((target) => ({
      command,
      role,
      target,
      text: textFor(command, target ? TARGETS[target] : null),
      expect: expectation(command, role, target),
    }));
  }),
);

async function world(role: Role | 'unlinked'): Promise<Harness> {
  const h = await createHarness();
  await h.unit('TINH', 'Đảng bộ tỉnh Thử', 'province');
  await h.unit('XA1', 'Đảng bộ xã Một', 'commune', 'TINH');
  await h.unit('XA2', 'Đảng bộ xã Hai', 'commune', 'TINH');
  await h.unit('CB1', 'Chi bộ thôn Một', 'cell', 'XA1', { memberCount: 25 });
  await h.unit('CB3', 'Chi bộ thôn Ba', 'cell', 'XA2', { memberCount: 20 });
  // Someone to name in commands that take a person (phancong), inside the holder's scope.
  await h.person('other', 'Nguyễn Văn An', [{ role: 'supervisor', unit: 'XA1' }]);
  if (role !== 'unlinked') await h.person('me', 'Người thử', [{ role, unit: 'XA1' }]);
  return h;
}

function counts(h: Harness): Promise<Record<string, number>> {
  const sqlite = (h.db as unknown as { $client: import('better-sqlite3').Database }).$client;
  const names = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  return Promise.resolve(
    Object.fromEntries(
      names
        .filter((t) => !UNTOUCHED_EXCEPT.has(t.name))
        .map((t) => [
          t.name,
          (sqlite.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n,
        ]),
    ),
  );
}

describe('authorization matrix', () => {
  it('covers every registered command for every role', () => {
    expect(new Set(cases.map((c) => c.command.name))).toEqual(new Set(commands.map((c) => c.name)));
    expect(cases.length).toBeGreaterThanOrEqual(commands.length * ROLES.length);
  });

  it.each(
    cases.map(
      (c) => [`${c.command.name} as ${c.role}${c.target ? ` on ${c.target}` : ''}: ${c.expect}`, c] as const,
    ),
  )('%s', async (_, c) => {
    const h = await world(c.role);
    try {
      const before = await counts(h);
      const replies = await h.say(c.role === 'unlinked' ? 'stranger' : 'me', c.text);
      const text = replies.map((r) => r.text).join('\n');
      expect(replies.length, 'every message gets an answer').toBeGreaterThan(0);
      if (c.expect === 'deny') {
        expect(text, `"${c.text}" should be refused`).toMatch(
          c.target === 'sibling' || c.target === 'parent'
            ? new RegExp(`${REFUSAL.source}|${NOT_FOUND.source}`, 'i')
            : REFUSAL,
        );
        if (c.target)
          expect(text, 'a unit outside the scope is not named').not.toContain(TARGET_NAMES[c.target]);
        expect(await counts(h), 'a refusal writes nothing').toEqual(before);
      } else {
        expect(text, `"${c.text}" should not be refused`).not.toMatch(REFUSAL);
      }
    } finally {
      h.close();
    }
  });
});
