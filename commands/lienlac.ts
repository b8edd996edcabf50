import { and, eq, isNotNull, like } from 'drizzle-orm';
import { chatIdentities, people, roleAssignments, units } from '../db/schema';
import { topUnits } from '../src/bot/scope';
import { groups, onboarding } from '../src/messages/vi';
import { defineCommand, reply } from './define';

/** Who cannot be reached (blocked the bot, unknown chat), so a coordinator can phone them instead. */
export default defineCommand({
  name: 'lienlac',
  aliases: ['lienlac', 'lien lac', 'unreachable', 'khongnhan', 'khong nhan'],
  access: ['coordinator', 'committee'],
  summary: 'Xem ai chưa nhận được tin của chibo',
  example: 'lienlac',
  inGroup: 'private',
  async run({ person, db }) {
    const lines: string[] = [];
    const seen = new Set<string>();
    for (const top of topUnits(person!.roles, ['coordinator', 'committee'])) {
      const rows = await db
        .selectDistinct({
          name: people.name,
          platform: chatIdentities.platform,
          reason: chatIdentities.unreachableReason,
          id: chatIdentities.id,
        })
        .from(chatIdentities)
        .innerJoin(people, eq(people.id, chatIdentities.personId))
        .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
        .innerJoin(units, eq(units.id, roleAssignments.unitId))
        .where(and(isNotNull(chatIdentities.unreachableAt), like(units.path, `${top.unitPath}%`)))
        .all();
      for (const r of rows) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        lines.push(
          groups.unreachableLine(r.name, onboarding.platforms[r.platform] ?? r.platform, r.reason ?? '—'),
        );
      }
    }
    return reply(lines.length ? [groups.unreachableTitle, ...lines].join('\n') : groups.unreachableNone);
  },
});
