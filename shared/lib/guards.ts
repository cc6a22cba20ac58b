/**
 * Small parsers for `unknown` input. Every IPC input, file row and webhook body goes through a parser like
 * these before any code trusts it. Each returns a Result so that callers cannot forget the failure case.
 */
import { fail, ok, type Result } from './result';

export type Parser<T> = (input: unknown) => Result<T>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** For channels that take no input: accepts `undefined`/`null` (what invoke() sends) and nothing else. */
export const parseNothing: Parser<void> = (input) =>
  input === undefined || input === null ? ok(undefined) : fail('invalid_input', 'This action takes no input.');

export function parseString(
  input: unknown,
  field: string,
  opts: { min?: number; max: number; trim?: boolean },
): Result<string> {
  if (typeof input !== 'string') return fail('invalid_input', `${field} must be text.`, { field });
  const value = opts.trim === false ? input : input.trim();
  if (value.length < (opts.min ?? 0)) return fail('invalid_input', `${field} is required.`, { field });
  if (value.length > opts.max) return fail('invalid_input', `${field} is longer than ${opts.max} characters.`, { field });
  return ok(value);
}

export function parseOneOf<T extends string>(input: unknown, field: string, allowed: readonly T[]): Result<T> {
  return typeof input === 'string' && (allowed as readonly string[]).includes(input)
    ? ok(input as T) // membership checked on the line above
    : fail('invalid_input', `${field} must be one of: ${allowed.join(', ')}.`, { field });
}

/** Rejects keys the contract does not know, so a typo or an injected field never passes silently. */
export function rejectUnknownKeys(input: Record<string, unknown>, known: readonly string[]): Result<void> {
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) return fail('invalid_input', `Unknown field "${key}".`, { field: key });
  }
  return ok(undefined);
}
