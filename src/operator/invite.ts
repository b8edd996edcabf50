/** `invite --unit CODE --role ROLE [--name NAME] [--group]`: a single-use invite code. */
import { audit } from '../../db/repo/audit';
import { unitByCode } from '../../db/repo/units';
import { invites, ROLES, type Role } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import { takeRole } from '../bot/roles';
import { newInviteCode } from '../domain/invites/code';
import type { NewId } from '../util/ids';

export async function planInvite(
  db: Db,
  args: { unit: string; role: string; name?: string; group?: boolean },
  now: Date,
  newId: NewId,
  ttlDays: number,
  via: 'cli' | 'admin' = 'cli',
): Promise<{ error: string } | { code: string; expiresAt: Date; writes: Write[] }> {
  const unit = await unitByCode(db, args.unit);
  if (!unit) return { error: `unknown unit code "${args.unit}" (import units first)` };
  const role = (ROLES as readonly string[]).includes(args.role)
    ? (args.role as Role)
    : takeRole(args.role)?.role;
  if (!role || (role === 'group' && !args.group)) return { error: `role must be one of ${ROLES.join(', ')}` };
  const code = newInviteCode();
  const id = newId();
  const expiresAt = new Date(now.getTime() + ttlDays * 86_400_000);
  return {
    code,
    expiresAt,
    writes: [
      db.insert(invites).values({
        id,
        code,
        unitId: unit.id,
        role: role === 'group' ? 'committee' : role,
        kind: args.group || role === 'group' ? 'group' : 'person',
        personName: args.name ?? null,
        createdAt: now.getTime(),
        expiresAt: expiresAt.getTime(),
      }),
      audit(
        db,
        newId(),
        {
          via,
          action: 'create_invite',
          entity: 'invite',
          entityId: id,
          detail: { role, unit: unit.code },
        },
        now,
      ),
    ],
  };
}
