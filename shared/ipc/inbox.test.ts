import { parserTable } from '../../test/parserTable';
import { parseInboxSince, parseSuppressionRemove, parseWebhookStart } from './inbox';

parserTable(
  'parseSuppressionRemove',
  parseSuppressionRemove,
  [['an E.164 number', { contact: '+821012345678' }, { contact: '+821012345678' }]],
  [
    ['nothing', undefined, undefined, 'Expected { contact: an E.164 number }.'],
    ['no contact', {}, undefined, 'Expected { contact: an E.164 number }.'],
    ['a local number', { contact: '010-1234-5678' }, undefined, 'Expected { contact: an E.164 number }.'],
    ['a number without its plus', { contact: '821012345678' }, undefined, 'Expected { contact: an E.164 number }.'],
    ['the number alone', '+821012345678', undefined, 'Expected { contact: an E.164 number }.'],
  ],
);

parserTable(
  'parseInboxSince',
  parseInboxSince,
  [
    ['from the start: 1,000 at a time', { after: 0 }, { after: 0, limit: 1_000 }],
    ['after a seq, the largest page', { after: 41, limit: 5_000 }, { after: 41, limit: 5_000 }],
    ['the smallest page', { after: 41, limit: 1 }, { after: 41, limit: 1 }],
  ],
  [
    ['nothing', undefined, undefined, 'inbox:since needs { after: a whole number ≥ 0 }.'],
    ['no seq', { limit: 10 }, undefined, 'inbox:since needs { after: a whole number ≥ 0 }.'],
    ['a negative seq', { after: -1 }, undefined, 'inbox:since needs { after: a whole number ≥ 0 }.'],
    ['part of a seq', { after: 1.5 }, undefined, 'inbox:since needs { after: a whole number ≥ 0 }.'],
    ['a seq as text', { after: '3' }, undefined, 'inbox:since needs { after: a whole number ≥ 0 }.'],
    ['an empty page', { after: 0, limit: 0 }, undefined, 'limit must be 1 to 5,000.'],
    ['a page that is too large', { after: 0, limit: 5_001 }, undefined, 'limit must be 1 to 5,000.'],
  ],
);

parserTable(
  'parseWebhookStart',
  parseWebhookStart,
  [
    ['nothing: the configured port', undefined, {}],
    ['null: the configured port', null, {}],
    ['no port', {}, {}],
    ['a port', { port: 8787 }, { port: 8787 }],
    ['the lowest port', { port: 1024 }, { port: 1024 }],
    ['the highest port', { port: 65_535 }, { port: 65_535 }],
  ],
  [
    ['the port alone', 8787, undefined, 'Expected { port? }.'],
    ['a privileged port', { port: 80 }, 'port', 'port must be 1024 to 65535.'],
    ['a port too high', { port: 65_536 }, 'port', 'port must be 1024 to 65535.'],
    ['part of a port', { port: 8787.5 }, 'port', 'port must be 1024 to 65535.'],
    ['a port as text', { port: '8787' }, 'port', 'port must be 1024 to 65535.'],
  ],
);
