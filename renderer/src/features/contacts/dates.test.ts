import { describe, expect, it } from 'vitest';
import { dateInputToEpoch, epochToDateInput } from './dates';

describe('date fields', () => {
  it.each([
    ['2025-03-14', new Date(2025, 2, 14).getTime()],
    ['2024-02-29', new Date(2024, 1, 29).getTime()],
    ['2025-02-30', null],
    ['', null],
    ['14/03/2025', null],
  ])('reads %j as local midnight (or nothing)', (input, expected) => {
    expect(dateInputToEpoch(input)).toBe(expected);
  });

  it('shows a stored time as the same local day it was picked on', () => {
    const picked = dateInputToEpoch('2025-12-31');
    expect(epochToDateInput(picked)).toBe('2025-12-31');
    expect(epochToDateInput(null)).toBe('');
  });
});
