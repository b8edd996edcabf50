/**
 * Outbox rows keep their message after sending (for the record and for retries). A message that
 * carries a secret, such as a dashboard login link, says until when it is worth anything
 * (`OutgoingMessage.secretUntil`); once it is no longer pending and that moment has passed, the
 * stored text is replaced, so the database holds no usable link and no copy of a spent one.
 */
import { and, ne, sql } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import { dashboard } from '../messages/vi/dashboard';

export const SCRUBBED_PAYLOAD = JSON.stringify({ text: dashboard.scrubbedLink });

export function scrubSecrets(db: Db, now: Date): Write {
  return db
    .update(outbox)
    .set({ payload: SCRUBBED_PAYLOAD })
    .where(
      and(
        ne(outbox.status, 'pending'),
        sql`json_extract(${outbox.payload}, '$.secretUntil') < ${now.getTime()}`,
      ),
    );
}
