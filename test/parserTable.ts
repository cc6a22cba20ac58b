/**
 * Table tests for a boundary parser (shared/ipc/*): each accepted input with the value it parses to, each rejected
 * input with the field the failure names (undefined: none) and its message. A rejection is always `invalid_input`
 * and carries `details` only when it names a field, so the comparison is exact.
 */
import { describe, expect, it } from 'vitest';
import { fail, type Result } from '../shared/lib/result';

export type Accepted<T> = readonly [why: string, input: unknown, parsed: T];
export type Rejected = readonly [why: string, input: unknown, field: string | undefined, message: string];

export function parserTable<T>(name: string, parse: (input: unknown) => Result<T>, accepted: readonly Accepted<T>[], rejected: readonly Rejected[]): void {
  describe(name, () => {
    it.each(accepted)('accepts %s', (_why, input, parsed) => {
      expect(parse(input)).toStrictEqual({ ok: true, value: parsed });
    });
    it.each(rejected)('rejects %s', (_why, input, field, message) => {
      expect(parse(input)).toStrictEqual(fail('invalid_input', message, field === undefined ? undefined : { field }));
    });
  });
}
