import { auditLog } from '../schema';
import type { Db, Write } from '../types';

export interface AuditEntry {
  actorPersonId?: string | null;
  via: 'bot' | 'cli' | 'admin' | 'system';
  action: string;
  entity: string;
  entityId?: string | null;
  detail?: unknown;
}

export function audit(db: Db, id: string, e: AuditEntry, now: Date): Write {
  return db.insert(auditLog).values({
    id,
    at: now.getTime(),
    actorPersonId: e.actorPersonId ?? null,
    via: e.via,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId ?? null,
    detail: e.detail === undefined ? null : JSON.stringify(e.detail),
  });
}
