import { parserTable } from '../../test/parserTable';
import { parseAssistedMark, parseAssistedRef } from './assisted';

parserTable(
  'parseAssistedRef',
  parseAssistedRef,
  [['a campaign and a job', { campaign: 'c1', job: 'j1' }, { campaign: 'c1', job: 'j1' }]],
  [
    ['nothing', undefined, undefined, 'Expected { campaign, job }.'],
    ['a list', ['c1', 'j1'], undefined, 'Expected { campaign, job }.'],
    ['a bad campaign id', { campaign: 'c 1', job: 'j1' }, 'campaign', 'campaign must be an id.'],
    ['no job', { campaign: 'c1' }, 'job', 'job must be an id.'],
  ],
);

parserTable(
  'parseAssistedMark',
  parseAssistedMark,
  [
    ['sent', { campaign: 'c1', job: 'j1', outcome: 'sent' }, { campaign: 'c1', job: 'j1', outcome: 'sent' }],
    ['skipped', { campaign: 'c1', job: 'j1', outcome: 'skipped' }, { campaign: 'c1', job: 'j1', outcome: 'skipped' }],
  ],
  [
    ['nothing', null, undefined, 'Expected { campaign, job }.'],
    ['no campaign', { job: 'j1', outcome: 'sent' }, 'campaign', 'campaign must be an id.'],
    ['an outcome it does not know', { campaign: 'c1', job: 'j1', outcome: 'failed' }, 'outcome', 'outcome must be one of: sent, skipped.'],
    ['no outcome', { campaign: 'c1', job: 'j1' }, 'outcome', 'outcome must be one of: sent, skipped.'],
  ],
);
