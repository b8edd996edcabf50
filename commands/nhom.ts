/**
 * `nhom caidat ca hai | chi nhom`, typed in a linked group: whether the unit's reminders and digests
 * reach the members only through the group, or the group and each member's private chat too.
 * Only someone in charge of the group's unit (its coordinator, committee member, secretary or
 * deputy, or one of a unit above) may change it; every change is audited.
 */
import { audit } from '../db/repo/audit';
import { activeGroupLink, type GroupMode, setGroupMode } from '../db/repo/groups';
import { unitById } from '../db/repo/units';
import type { Role } from '../db/schema';
import { canAccess } from '../src/bot/scope';
import { placeOf, groups as t } from '../src/messages/vi/groups';
import { fold } from '../src/text/normalize';
import { defineCommand, reply } from './define';

const SETTERS: Role[] = ['coordinator', 'committee', 'secretary', 'deputy'];

const MODES: Record<string, GroupMode> = {
  'ca hai': 'both',
  cahai: 'both',
  'ca 2': 'both',
  both: 'both',
  'chi nhom': 'group',
  nhom: 'group',
  group: 'group',
};

export default defineCommand({
  name: 'nhom',
  aliases: ['nhom', 'group'],
  access: [...SETTERS],
  summary: 'Trong nhóm đã liên kết: nhắc việc chỉ gửi vào nhóm, hay gửi cả tin riêng',
  example: 'nhom caidat ca hai',
  inGroup: 'group',
  async run({ msg, args, person, db, now, newId, config }) {
    const place = placeOf(msg.platform, config);
    if (msg.chatType !== 'group') return reply(t.modeOnlyInGroup(place));
    const link = await activeGroupLink(db, msg.platform, msg.chatId);
    if (!link) return reply(t.modeNotLinked(place));
    const unit = await unitById(db, link.unitId);
    if (!unit || !canAccess(person!.roles, unit.path, SETTERS)) return reply(t.modeNotAllowed);
    const folded = fold(args).replace(/^(cai dat|caidat|che do|chedo)\s*/, '');
    if (!folded) return reply(t.modeNow(place, unit.name, link.mode === 'both'));
    const mode = MODES[folded];
    if (!mode) return reply(t.modeUsage(place));
    if (mode === link.mode) return reply(t.modeNow(place, unit.name, mode === 'both'));
    return {
      replies: [{ text: t.modeSet(unit.name, mode === 'both') }],
      writes: [
        setGroupMode(db, msg.platform, msg.chatId, mode),
        audit(
          db,
          newId(),
          {
            actorPersonId: person!.id,
            via: 'bot',
            action: 'set_group_mode',
            entity: 'unit',
            entityId: unit.id,
            detail: { platform: msg.platform, chatId: msg.chatId, from: link.mode, to: mode },
          },
          now,
        ),
      ],
    };
  },
});
