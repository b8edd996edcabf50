import { describe, expect, it } from 'vitest';
import {
  type AssignmentSpan,
  applyPlan,
  inForce,
  planAssignment,
} from '../../../src/domain/supervision/assignments';

const span = (
  id: string,
  personId: string,
  validFrom: string,
  validTo: string | null = null,
): AssignmentSpan => ({
  id,
  personId,
  unitId: 'kp3',
  validFrom,
  validTo,
});

describe('planning an assignment', () => {
  it('assigns a cell nobody supervises without touching anything', () => {
    const plan = planAssignment([], { personId: 'a', unitId: 'kp3', from: '2027-01-01', until: null }, 'n1');
    expect(plan).toEqual({
      kind: 'assign',
      row: span('n1', 'a', '2027-01-01'),
      changes: [],
    });
  });

  it('ends the previous supervisor the day before the new one starts', () => {
    const plan = planAssignment(
      [span('s1', 'a', '2026-01-01')],
      { personId: 'b', unitId: 'kp3', from: '2027-01-01', until: null },
      'n1',
    );
    expect(plan.kind).toBe('assign');
    if (plan.kind !== 'assign') return;
    expect(plan.changes).toEqual([{ span: span('s1', 'a', '2026-01-01'), validTo: '2026-12-31' }]);
    const after = applyPlan([span('s1', 'a', '2026-01-01')], plan);
    expect(after.filter((a) => inForce(a, '2026-12-31')).map((a) => a.personId)).toEqual(['a']);
    expect(after.filter((a) => inForce(a, '2027-01-01')).map((a) => a.personId)).toEqual(['b']);
  });

  it('says nothing changes when the same person is assigned the same way again', () => {
    const plan = planAssignment(
      [span('s1', 'a', '2026-01-01')],
      { personId: 'a', unitId: 'kp3', from: '2026-06-01', until: null },
      'n1',
    );
    expect(plan.kind).toBe('unchanged');
  });

  it('keeps an assignment replaced on its first day as history that is never in force', () => {
    const existing = [span('s1', 'a', '2027-01-01')];
    const plan = planAssignment(
      existing,
      { personId: 'b', unitId: 'kp3', from: '2027-01-01', until: null },
      'n1',
    );
    const after = applyPlan(existing, plan);
    expect(after).toHaveLength(2);
    expect(after.find((a) => a.id === 's1')?.validTo).toBe('2026-12-31');
    expect(['2026-12-31', '2027-01-01', '2027-06-01'].some((d) => inForce(after[0]!, d))).toBe(false);
  });

  it('moves a later assignment to start after a bounded one that overlaps it', () => {
    const existing = [span('s1', 'a', '2027-03-01')];
    const plan = planAssignment(
      existing,
      { personId: 'b', unitId: 'kp3', from: '2027-01-01', until: '2027-06-30' },
      'n1',
    );
    const after = applyPlan(existing, plan);
    expect(after.find((a) => a.id === 's1')).toMatchObject({ validFrom: '2027-07-01', validTo: null });
  });

  it('leaves assignments of other cells and non-overlapping periods alone', () => {
    const existing = [
      span('s1', 'a', '2026-01-01', '2026-06-30'),
      { ...span('s2', 'c', '2026-01-01'), unitId: 'kp5' },
    ];
    const plan = planAssignment(
      existing,
      { personId: 'b', unitId: 'kp3', from: '2027-01-01', until: null },
      'n1',
    );
    expect(plan.kind === 'assign' && plan.changes).toEqual([]);
  });
});
