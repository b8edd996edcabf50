/**
 * One group chat, one unit: a second group code cannot post one commune's digests into another
 * commune's group, unless a coordinator of the unit the group serves moves it, and that unit is told.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { and, eq, isNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeGroupLink } from '../../db/repo/groups';
import { unitByCode } from '../../db/repo/units';
import { auditLog, groupLinks, invites } from '../../db/schema';
import { MIGRATIONS_DIR } from '../../db/sqlite';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
const GROUP = '-100777';
const tg = { platform: 'telegram' as const, chatType: 'group' as const };

beforeEach(async () => {
  h = await createHarness();
  await h.unit('TINH', 'Đảng bộ tỉnh Thử', 'province');
  await h.unit('XA1', 'Đảng bộ xã Một', 'commune', 'TINH');
  await h.unit('XA2', 'Đảng bộ xã Hai', 'commune', 'TINH');
  await h.person('c1', 'Tổ chức Xã Một', [{ role: 'coordinator', unit: 'XA1' }], 'telegram');
  await h.person('k1', 'Cấp ủy Xã Một', [{ role: 'committee', unit: 'XA1' }], 'telegram');
  await h.person('c2', 'Tổ chức Xã Hai', [{ role: 'coordinator', unit: 'XA2' }], 'telegram');
});
afterEach(() => h.close());

const codeIn = (text: string) => /Mã mời: ([0-9 ]+[0-9])/.exec(text)![1]!;
const groupCode = async (coordinator: string, unit: string) =>
  codeIn((await h.say(coordinator, `moi nhom ${unit}`, { platform: 'telegram' }))[0]!.text);
const inGroup = async (userId: string, text: string) =>
  (await h.say(GROUP, text, { ...tg, userId }))[0]!.text;
const activeLinks = () =>
  h.db
    .select()
    .from(groupLinks)
    .where(and(eq(groupLinks.chatId, GROUP), isNull(groupLinks.unlinkedAt)))
    .all();
const unused = async (code: string) =>
  (await h.db
    .select()
    .from(invites)
    .where(eq(invites.code, code.replace(/ /g, '')))
    .get())!.usedAt === null;

describe('a group chat linked to a unit', () => {
  beforeEach(async () => {
    expect(await inGroup('c1', `/batdau ${await groupCode('c1', 'XA1')}`)).toContain('xã Một');
  });

  it("refuses another unit's code from someone not in charge of the unit it serves", async () => {
    const other = await groupCode('c2', 'XA2');
    const answer = await inGroup('c2', `/batdau ${other}`);
    expect(answer).toContain('đơn vị khác');
    expect(answer).not.toContain('xã Một'); // the refusal does not name the unit the group serves
    const links = await activeLinks();
    expect(links).toHaveLength(1);
    expect(links[0]!.unitId).toBe((await unitByCode(h.db, 'XA1'))!.id);
    expect(await unused(other)).toBe(true);

    // Nor from a stranger in the group who got hold of a code.
    expect(await inGroup('stranger', `/batdau ${await groupCode('c2', 'XA2')}`)).toContain('đơn vị khác');
    expect(await activeLinks()).toHaveLength(1);
  });

  it('moves when a coordinator of the old unit sends the new code, and the old unit is told', async () => {
    const other = await groupCode('c2', 'XA2');
    const answer = await inGroup('c1', `/batdau ${other}`);
    expect(answer).toContain('chuyển từ Đảng bộ xã Một sang Đảng bộ xã Hai');
    const links = await activeLinks();
    expect(links).toHaveLength(1);
    expect(links[0]!.unitId).toBe((await unitByCode(h.db, 'XA2'))!.id);
    expect((await activeGroupLink(h.db, 'telegram', GROUP))!.unitId).toBe(links[0]!.unitId);
    const told = (await h.sent('k1', 'telegram')).map((m) => m.text).join('\n');
    expect(told).toContain('Tổ chức Xã Một đã chuyển nhóm chat của Đảng bộ xã Một sang Đảng bộ xã Hai');
    expect(await unused(other)).toBe(false);
    const actions = (await h.db.select().from(auditLog).all()).map((a) => a.action);
    expect(actions).toContain('move_group');
  });

  it('answers a second code of the same unit without using it up', async () => {
    const again = await groupCode('c1', 'XA1');
    expect(await inGroup('c1', `/batdau ${again}`)).toContain('đã liên kết với Đảng bộ xã Một rồi');
    expect(await unused(again)).toBe(true);
    expect(await activeLinks()).toHaveLength(1);
  });

  it('cannot hold two active links even when two writes race past the check', async () => {
    const [link] = await activeLinks();
    await expect(
      h.commit([h.db.insert(groupLinks).values({ ...link!, id: 'second', unitId: 'someone-else' })]),
    ).rejects.toThrow(/UNIQUE/);
  });
});

describe('the migration for databases linked twice by older versions', () => {
  it('keeps the first link of each chat and ends the later ones', () => {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const sqlite = new Database(':memory:');
    const run = (f: string) => {
      for (const statement of readFileSync(join(MIGRATIONS_DIR, f), 'utf8').split('--> statement-breakpoint'))
        if (statement.trim()) sqlite.exec(statement);
    };
    const cleanup = files.findIndex((f) => f.includes('one_active_link_per_group'));
    expect(cleanup).toBeGreaterThan(0);
    for (const f of files.slice(0, cleanup)) run(f);
    const insert = sqlite.prepare(
      'INSERT INTO group_links (id, platform, chat_id, unit_id, mode, linked_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run('a', 'telegram', '-1', 'XA1', 'group', 1000);
    insert.run('b', 'telegram', '-1', 'XA2', 'group', 2000);
    insert.run('c', 'telegram', '-1', 'XA3', 'group', 3000);
    insert.run('d', 'zalo', '-1', 'XA2', 'group', 2000);
    for (const f of files.slice(cleanup)) run(f);
    const active = sqlite
      .prepare('SELECT id FROM group_links WHERE unlinked_at IS NULL ORDER BY id')
      .all() as { id: string }[];
    expect(active.map((r) => r.id)).toEqual(['a', 'd']);
    sqlite.close();
  });
});
