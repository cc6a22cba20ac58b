import { describe, expect, it } from 'vitest';
import { parseWireResult } from './result';

describe('parseWireResult', () => {
  it.each([
    ['a value', { ok: true, value: 3 }, { ok: true, value: 3 }],
    ['an error without details', { ok: false, error: { code: 'conflict', message: 'No.' } }, { ok: false, error: { code: 'conflict', message: 'No.' } }],
    [
      'an error keeps its details, so refusal codes reach the screen',
      { ok: false, error: { code: 'conflict', message: 'Refused.', details: { codes: 'quiet_hours,no_consent', count: 2, sandbox: false } } },
      { ok: false, error: { code: 'conflict', message: 'Refused.', details: { codes: 'quiet_hours,no_consent', count: 2, sandbox: false } } },
    ],
    [
      'details that are not scalars are left out',
      { ok: false, error: { code: 'conflict', message: 'x', details: { nested: { a: 1 }, n: Number.NaN, s: 'kept' } } },
      { ok: false, error: { code: 'conflict', message: 'x', details: { s: 'kept' } } },
    ],
    ['details that are not an object are dropped', { ok: false, error: { code: 'conflict', message: 'x', details: [1] } }, { ok: false, error: { code: 'conflict', message: 'x' } }],
    ['an unknown code is malformed', { ok: false, error: { code: 'nope', message: 'x' } }, { ok: false, error: { code: 'internal', message: 'Malformed reply from the app core.' } }],
    ['not an object', 'hello', { ok: false, error: { code: 'internal', message: 'Malformed reply from the app core.' } }],
  ])('%s', (_name, raw, expected) => {
    expect(parseWireResult(raw)).toEqual(expected);
  });
});
