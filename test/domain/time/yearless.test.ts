import { describe, expect, it } from 'vitest';
import {
  nearestOccurrence,
  occurrenceOnSide,
  yearOfMonth,
  yearOfQuarter,
} from '../../../src/domain/time/yearless';

describe('the one rule for what is typed without its year', () => {
  it('takes the nearest occurrence, a tie going to the command side', () => {
    expect(nearestOccurrence([-10, 20], 0, 'past')).toBe(-10);
    expect(nearestOccurrence([-10, 10], 0, 'past')).toBe(-10);
    expect(nearestOccurrence([-10, 10], 0, 'future')).toBe(10);
    expect(nearestOccurrence([-10, 10], 0, 'nearest')).toBe(10);
  });

  it('within a week or a month keeps to the command side', () => {
    expect(occurrenceOnSide([-4, 3], 0, 'past')).toBe(-4);
    expect(occurrenceOnSide([-4, 3], 0, 'future')).toBe(3);
    expect(occurrenceOnSide([-3, 4], 0, 'nearest')).toBe(-3);
  });

  it.each([
    // [month typed, asked in year/month, year meant]
    [12, 2027, 1, 2026],
    [11, 2026, 12, 2026],
    [1, 2026, 12, 2027],
    [6, 2026, 12, 2026], // six months either way: a tie, the past
    [5, 2026, 12, 2027],
  ])('month %i asked in %i-%i is %i', (month, year, now, want) => {
    expect(yearOfMonth(month, { year, month: now }, 'past')).toBe(want);
  });

  it.each([
    [1, 2026, 12, 2026],
    [5, 2026, 12, 2026],
    [12, 2026, 12, 2026],
  ])('for a summary, month %i asked in %i-%i is the latest begun: %i', (month, year, now, want) => {
    expect(yearOfMonth(month, { year, month: now }, 'begun')).toBe(want);
  });

  it('for a summary, a quarter is the latest begun', () => {
    expect(yearOfQuarter(1, { year: 2026, month: 12 }, 'begun')).toBe(2026);
    expect(yearOfQuarter(2, { year: 2027, month: 2 }, 'begun')).toBe(2026);
    expect(yearOfQuarter(1, { year: 2027, month: 2 }, 'begun')).toBe(2027);
  });

  it('reads quarters the same way', () => {
    expect(yearOfQuarter(4, { year: 2027, month: 2 }, 'past')).toBe(2026);
    expect(yearOfQuarter(3, { year: 2027, month: 2 }, 'past')).toBe(2026); // tie: the past
    expect(yearOfQuarter(3, { year: 2027, month: 2 }, 'future')).toBe(2027);
    expect(yearOfQuarter(1, { year: 2026, month: 12 }, 'past')).toBe(2027);
  });
});
