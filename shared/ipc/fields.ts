/**
 * Field parsers the contract's areas share: ids (campaigns, jobs, contacts' refs, drafts) and E.164 numbers.
 */
import { fail, ok, type Result } from '../lib/result';

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export function parseId(input: unknown, field = 'id'): Result<string> {
  return typeof input === 'string' && ID_RE.test(input) ? ok(input) : fail('invalid_input', `${field} must be an id.`, { field });
}

/** An E.164 phone number as main accepts it: `+`, a country code not starting with 0, 7 to 15 digits in all. */
export const E164_RE = /^\+[1-9][0-9]{6,14}$/;
