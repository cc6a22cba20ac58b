import { describe, expect, it } from 'vitest';
import { parserTable } from '../../test/parserTable';
import { E164_RE, parseId } from './fields';

parserTable(
  'parseId',
  (input) => parseId(input),
  [
    ['letters and digits', 'c1', 'c1'],
    ['dashes and underscores', 'A-z_0-9', 'A-z_0-9'],
    ['64 characters', 'x'.repeat(64), 'x'.repeat(64)],
  ],
  [
    ['an empty id', '', 'id', 'id must be an id.'],
    ['65 characters', 'x'.repeat(65), 'id', 'id must be an id.'],
    ['a space', 'a b', 'id', 'id must be an id.'],
    ['a path', '../c1', 'id', 'id must be an id.'],
    ['a number', 42, 'id', 'id must be an id.'],
    ['nothing', undefined, 'id', 'id must be an id.'],
  ],
);

parserTable(
  'parseId with its field named',
  (input) => parseId(input, 'job'),
  [['a job id', 'j-7', 'j-7']],
  [['a job id with a dot', 'j.7', 'job', 'job must be an id.']],
);

describe('E164_RE', () => {
  const cases: [string, boolean][] = [
    ['+821012345678', true],
    ['+1234567', true],
    ['+123456789012345', true],
    ['+123456', false],
    ['+1234567890123456', false],
    ['+0123456789', false],
    ['821012345678', false],
    ['+82 10 1234 5678', false],
    ['+82-10-1234-5678', false],
  ];
  it.each(cases)('%s → %s', (phone, valid) => expect(E164_RE.test(phone)).toBe(valid));
});
