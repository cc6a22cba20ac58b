import { describe, expect, it } from 'vitest';
import { perDayFor } from './sendFigures';

describe('perDayFor', () => {
  it('never says more on the first day than there are recipients', () => {
    expect(perDayFor(27, [30])).toEqual([27]);
    expect(perDayFor(27, [20, 10])).toEqual([20, 7]);
  });
  it('a smaller rest may need fewer days', () => {
    expect(perDayFor(20, [20, 10])).toEqual([20]);
  });
  it('keeps a first day the caps left empty (already used up) as a day', () => {
    expect(perDayFor(5, [0, 50])).toEqual([0, 5]);
  });
  it('nobody left: no days', () => {
    expect(perDayFor(0, [30])).toEqual([]);
  });
});
