import { parserTable } from '../../test/parserTable';
import { parseActionsSince, parseConversationAction, parseConversationImport, parseStaffView } from './inbox';

const who = { identity: '+821012345678', at: 1_000 };

parserTable(
  'parseConversationAction',
  parseConversationAction,
  [
    ['done', { ...who, kind: 'status', status: 'done' }, { ...who, kind: 'status', status: 'done' }],
    ['reopened, by a staff member', { ...who, kind: 'status', status: 'open', by: ' 민지 ' }, { ...who, by: '민지', kind: 'status', status: 'open' }],
    ['a priority', { ...who, kind: 'priority', priority: 'high' }, { ...who, kind: 'priority', priority: 'high' }],
    ['read, with a key', { ...who, kind: 'read', key: 'local-7' }, { ...who, key: 'local-7', kind: 'read' }],
    ['assigned', { ...who, kind: 'assign', staff: 'Jin' }, { ...who, kind: 'assign', staff: 'Jin' }],
    ['unassigned', { ...who, kind: 'assign', staff: null }, { ...who, kind: 'assign', staff: null }],
    ['a note, trimmed', { ...who, kind: 'note', text: ' call back ' }, { ...who, kind: 'note', text: 'call back' }],
    ['a user id as the identity', { identity: 'KR.1349', at: 0, kind: 'read' }, { identity: 'KR.1349', at: 0, kind: 'read' }],
  ],
  [
    ['nothing', undefined, undefined, 'Expected { identity, at, kind, … }.'],
    ['no identity', { at: 1, kind: 'read' }, 'identity', 'identity must be text.'],
    ['an empty identity', { identity: ' ', at: 1, kind: 'read' }, 'identity', 'identity is required.'],
    ['a time in seconds with a fraction', { ...who, at: 1.5, kind: 'read' }, 'at', 'at must be a time in milliseconds.'],
    ['a negative time', { ...who, at: -1, kind: 'read' }, 'at', 'at must be a time in milliseconds.'],
    ['an unknown kind', { ...who, kind: 'delete' }, 'kind', 'kind must be one of: status, priority, read, assign, note.'],
    ['a status that is not one', { ...who, kind: 'status', status: 'waiting' }, 'status', 'status must be one of: open, done.'],
    ['a priority that is not one', { ...who, kind: 'priority', priority: 'urgent' }, 'priority', 'priority must be one of: high, medium, low.'],
    ['a read with a priority', { ...who, kind: 'read', priority: 'high' }, 'kind', 'A read action has nothing else.'],
    ['a status with a text', { ...who, kind: 'status', status: 'done', text: 'x' }, 'kind', 'A status action has only a status.'],
    ['an assign without a name', { ...who, kind: 'assign' }, 'staff', 'staff must be text.'],
    ['an assign to an empty name', { ...who, kind: 'assign', staff: '' }, 'staff', 'staff is required.'],
    ['an empty note', { ...who, kind: 'note', text: '  ' }, 'text', 'text is required.'],
    ['a note too long', { ...who, kind: 'note', text: 'x'.repeat(2_001) }, 'text', 'text is longer than 2000 characters.'],
    ['a staff name too long', { ...who, kind: 'read', by: 'x'.repeat(81) }, 'by', 'by is longer than 80 characters.'],
  ],
);

parserTable(
  'parseConversationImport',
  parseConversationImport,
  [
    ['none', { actions: [] }, { actions: [] }],
    ['keyed actions', { actions: [{ ...who, kind: 'read', key: 'local-1' }] }, { actions: [{ ...who, key: 'local-1', kind: 'read' }] }],
  ],
  [
    ['no list', {}, undefined, 'Expected { actions: [...] }.'],
    ['an action without a key', { actions: [{ ...who, kind: 'read' }] }, 'actions.0', 'actions[0]: an imported action needs its key.'],
    ['a bad action', { actions: [{ ...who, kind: 'read', key: 'a' }, { ...who, kind: 'x', key: 'b' }] }, 'actions.1', 'actions[1]: kind must be one of: status, priority, read, assign, note.'],
    ['too many', { actions: Array.from({ length: 5_001 }, () => ({})) }, 'actions', 'At most 5,000 actions at a time.'],
  ],
);

parserTable(
  'parseActionsSince',
  parseActionsSince,
  [
    ['from the start', { after: 0 }, { after: 0, limit: 1_000 }],
    ['a page', { after: 9, limit: 50 }, { after: 9, limit: 50 }],
  ],
  [
    ['nothing', undefined, undefined, 'inbox:actions needs { after: a whole number ≥ 0 }.'],
    ['a negative seq', { after: -1 }, undefined, 'inbox:actions needs { after: a whole number ≥ 0 }.'],
    ['a page too large', { after: 0, limit: 5_001 }, undefined, 'limit must be 1 to 5,000.'],
  ],
);

parserTable(
  'parseStaffView',
  parseStaffView,
  [
    ['nobody', { names: [], current: null }, { names: [], current: null }],
    ['names trimmed, each once, one at the counter', { names: [' 민지', 'Jin', '민지'], current: 'Jin' }, { names: ['민지', 'Jin'], current: 'Jin' }],
    ['nobody at the counter when current is left out', { names: ['Jin'] }, { names: ['Jin'], current: null }],
  ],
  [
    ['nothing', undefined, undefined, 'Expected { names, current }.'],
    ['names not a list', { names: 'Jin', current: null }, 'names', 'names must be a list.'],
    ['an empty name', { names: [''], current: null }, 'names', 'names is required.'],
    ['current not among the names', { names: ['Jin'], current: 'Ana' }, 'current', 'current must be one of the names.'],
    ['too many names', { names: Array.from({ length: 51 }, (_, i) => `n${i}`), current: null }, 'names', 'At most 50 names.'],
  ],
);
