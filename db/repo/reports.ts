import { and, desc, eq, like, sql } from 'drizzle-orm';
import type { ReportDraft } from '../../src/domain/reports/draft';
import { snapshot } from '../../src/domain/reports/draft';
import { preparedFor } from '../prepared';
import { outbox, reportRevisions, reports } from '../schema';
import type { Db, Write } from '../types';

export type Report = typeof reports.$inferSelect;

const reportOfMonth = preparedFor((db) =>
  db
    .select()
    .from(reports)
    .where(and(eq(reports.unitId, sql.placeholder('unitId')), eq(reports.period, sql.placeholder('period'))))
    .prepare(),
);

export async function reportFor(db: Db, unitId: string, period: string): Promise<Report | undefined> {
  return reportOfMonth(db).get({ unitId, period });
}

export async function latestReport(db: Db, unitId: string): Promise<Report | undefined> {
  return db.select().from(reports).where(eq(reports.unitId, unitId)).orderBy(desc(reports.period)).get();
}

/** Status of every report of a month, for reminders and laggard lists. */
export async function reportStatuses(
  db: Db,
  period: string,
): Promise<{ unitId: string; status: Report['status'] }[]> {
  return db
    .select({ unitId: reports.unitId, status: reports.status })
    .from(reports)
    .where(eq(reports.period, period))
    .all();
}

export async function revisionsOf(db: Db, reportId: string) {
  return db
    .select()
    .from(reportRevisions)
    .where(eq(reportRevisions.reportId, reportId))
    .orderBy(reportRevisions.revision)
    .all();
}

export function draftOf(r: Report): ReportDraft {
  const d: ReportDraft = {};
  if (r.security !== null) d.security = r.security;
  if (r.production !== null) d.production = r.production;
  if (r.petitionsRaised !== null) d.petitionsRaised = r.petitionsRaised;
  if (r.petitionsResolved !== null) d.petitionsResolved = r.petitionsResolved;
  if (r.petitionsText !== null) d.petitionsText = r.petitionsText;
  if (r.difficulties !== null) d.difficulties = r.difficulties;
  if (r.proposals !== null) d.proposals = r.proposals;
  return d;
}

export interface SaveReport {
  /** The row as it was read when the person confirmed; undefined for a first send. */
  existing: Report | undefined;
  id: string;
  revisionId: string;
  unitId: string;
  period: string;
  draft: ReportDraft;
  by: string;
  late: boolean;
}

/**
 * A send or a correction: the row with the new content and a revision holding it. The revision's
 * unique (report, number) makes two corrections racing on the same base fail rather than overwrite.
 */
export function saveReport(db: Db, s: SaveReport, now: Date): Write[] {
  const t = now.getTime();
  const data = snapshot(s.draft);
  const revision = (s.existing?.revision ?? 0) + 1;
  const reportId = s.existing?.id ?? s.id;
  const row = db.insert(reportRevisions).values({
    id: s.revisionId,
    reportId,
    revision,
    data: JSON.stringify(data),
    by: s.by,
    at: t,
  });
  // A reminder still waiting (held through quiet hours) must not reach someone who has just reported.
  const dropReminders = db
    .update(outbox)
    .set({ status: 'dropped', lastError: 'report sent' })
    .where(and(eq(outbox.status, 'pending'), like(outbox.dedupeKey, `report:${s.unitId}:${s.period}:%`)));
  if (!s.existing) {
    return [
      dropReminders,
      db.insert(reports).values({
        id: s.id,
        unitId: s.unitId,
        period: s.period,
        status: 'submitted',
        ...data,
        late: s.late,
        revision,
        firstSubmittedAt: t,
        submittedAt: t,
        submittedBy: s.by,
      }),
      row,
    ];
  }
  return [
    dropReminders,
    db
      .update(reports)
      .set({ ...data, status: 'submitted', revision, submittedAt: t, submittedBy: s.by })
      .where(and(eq(reports.id, reportId), eq(reports.revision, s.existing.revision))),
    row,
  ];
}

export function returnReport(db: Db, report: Report, note: string, by: string, now: Date): Write {
  return db
    .update(reports)
    .set({ status: 'returned', returnedNote: note, returnedBy: by, returnedAt: now.getTime() })
    .where(eq(reports.id, report.id));
}
