/**
 * The three CSV imports as the CLI (locally) and /admin (remotely) run them: how each is planned,
 * what its audit entry is called, and what the operator is told. The same definitions on both
 * paths keep the messages identical.
 */
import type { Db } from '../../db/types';
import type { Config } from '../config';
import type { CsvSource } from '../csv/source';
import { importRuleParser } from '../meetings/setup';
import type { NewId } from '../util/ids';
import { ASSIGNMENTS_AUDIT, planAssignmentImport } from './import-assignments';
import { PEOPLE_AUDIT, type PersonInvite, planPeopleImport } from './import-people';
import { planUnitImport, UNITS_AUDIT } from './import-units';
import { assignmentsImported, type Output, peopleImported, unitsImported } from './report';
import type { AuditOf, ImportOptions } from './steps';

export interface ImportContext {
  db: Db;
  now: Date;
  newId: NewId;
  config: Pick<Config, 'TIMEZONE' | 'INVITE_TTL_DAYS'>;
}

/** What an import tells the operator: counts of the whole plan, and for people every row's code. */
export interface ImportSummary {
  created?: number;
  updated?: number;
  unchanged?: number;
  assigned?: number;
  invites?: PersonInvite[];
}

export interface ImportVerb {
  name: ImportName;
  audit: AuditOf;
  plan(
    ctx: ImportContext,
    source: CsvSource,
    opts: ImportOptions,
  ): Promise<{ errors: string[]; rows: number; summary: ImportSummary }>;
  report(summary: ImportSummary, notes: string[]): Output;
}

export const IMPORT_NAMES = ['import-units', 'import-people', 'import-assignments'] as const;
export type ImportName = (typeof IMPORT_NAMES)[number];

export const importVerbs: Record<ImportName, ImportVerb> = {
  'import-units': {
    name: 'import-units',
    audit: UNITS_AUDIT,
    async plan({ db, now, newId }, source, opts) {
      const p = await planUnitImport(db, source, now, newId, importRuleParser, opts);
      return { ...p, summary: { created: p.created, updated: p.updated, unchanged: p.unchanged } };
    },
    report: (s, notes) =>
      unitsImported({ created: s.created ?? 0, updated: s.updated ?? 0, unchanged: s.unchanged ?? 0 }, notes),
  },
  'import-people': {
    name: 'import-people',
    audit: PEOPLE_AUDIT,
    async plan({ db, now, newId, config }, source, opts) {
      const p = await planPeopleImport(db, source, now, newId, config.INVITE_TTL_DAYS, opts);
      return { ...p, summary: { created: p.created, unchanged: p.existing, invites: p.invites } };
    },
    report: (s, notes) => peopleImported(s.invites ?? [], notes),
  },
  'import-assignments': {
    name: 'import-assignments',
    audit: ASSIGNMENTS_AUDIT,
    async plan({ db, now, newId, config }, source, opts) {
      const p = await planAssignmentImport(db, source, now, newId, config.TIMEZONE, opts);
      return { ...p, summary: { assigned: p.assigned, unchanged: p.unchanged } };
    },
    report: (s, notes) =>
      assignmentsImported({ assigned: s.assigned ?? 0, unchanged: s.unchanged ?? 0 }, notes),
  },
};
