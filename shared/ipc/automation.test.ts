import { parserTable } from '../../test/parserTable';
import { AUTOMATION_SET_MAX_CHARS, CONTACT_LABELS_MAX_ENTRIES, parseAutomationSet, parseAutomationTry, parseContactLabels, type AutomationFile, type AutomationTryInput, type ContactLabelsInput } from './automation';

const rules = { keywordReplies: [{ name: 'Delivery', keywords: ['delivery'], reply: 'Soon' }], greeting: { enabled: false, text: '' }, mine: { kept: true } };

parserTable<{ rules: AutomationFile }>(
  'parseAutomationSet',
  parseAutomationSet,
  [
    ['a rule set in the file format, unknown fields and all', { rules }, { rules }],
    ['an empty set', { rules: {} }, { rules: {} }],
    ['a set that parseAutomation will refuse (main checks it, with lines)', { rules: { keywordReplies: 'no' } }, { rules: { keywordReplies: 'no' } }],
  ],
  [
    ['nothing', undefined, undefined, 'Expected { rules }.'],
    ['a list', [rules], undefined, 'Expected { rules }.'],
    ['a field it does not know', { rules, text: '{}' }, 'text', 'Unknown field "text".'],
    ['no rules', {}, 'rules', 'rules must be an object in the automation file format.'],
    ['rules as a list', { rules: [] }, 'rules', 'rules must be an object in the automation file format.'],
    ['rules as text', { rules: '{}' }, 'rules', 'rules must be an object in the automation file format.'],
    ['rules that are not plain JSON', { rules: { n: BigInt(1) } }, 'rules', 'rules must be plain JSON.'],
    ['rules too large to be a rule set', { rules: { big: 'x'.repeat(AUTOMATION_SET_MAX_CHARS) } }, 'rules', `rules are larger than ${AUTOMATION_SET_MAX_CHARS} characters.`],
  ],
);

parserTable<AutomationTryInput>(
  'parseAutomationTry',
  parseAutomationTry,
  [
    ['a message', { text: '배송 언제 와요?' }, { text: '배송 언제 와요?' }],
    ['a message at an instant, from a customer who wrote before', { text: 'price', at: 1_796_000_000_000, firstMessage: false }, { text: 'price', at: 1_796_000_000_000, firstMessage: false }],
    ['the epoch', { text: 'x', at: 0 }, { text: 'x', at: 0 }],
    ['the longest message', { text: 'a'.repeat(4096) }, { text: 'a'.repeat(4096) }],
    ['a customer with labels (trimmed)', { text: '배송', labels: [' VIP ', '단골'] }, { text: '배송', labels: ['VIP', '단골'] }],
    ['a customer with no labels', { text: '배송', labels: [] }, { text: '배송', labels: [] }],
  ],
  [
    ['nothing', null, undefined, 'Expected { text, at?, firstMessage?, labels? }.'],
    ['a field it does not know', { text: 'x', customer: '+82' }, 'customer', 'Unknown field "customer".'],
    ['no text', {}, 'text', 'text must be a message of 1 to 4096 characters.'],
    ['only spaces', { text: '   ' }, 'text', 'text must be a message of 1 to 4096 characters.'],
    ['a text too long for WhatsApp', { text: 'a'.repeat(4097) }, 'text', 'text must be a message of 1 to 4096 characters.'],
    ['a number as text', { text: 12 }, 'text', 'text must be a message of 1 to 4096 characters.'],
    ['an instant as a date string', { text: 'x', at: '2026-12-04' }, 'at', 'at must be an instant in milliseconds.'],
    ['a fractional instant', { text: 'x', at: 1.5 }, 'at', 'at must be an instant in milliseconds.'],
    ['a negative instant', { text: 'x', at: -1 }, 'at', 'at must be an instant in milliseconds.'],
    ['firstMessage as a word', { text: 'x', firstMessage: 'yes' }, 'firstMessage', 'firstMessage must be true or false.'],
    ['labels as text', { text: 'x', labels: 'VIP' }, 'labels', 'labels must be a list of at most 100 label names of 1 to 60 characters.'],
    ['an empty label', { text: 'x', labels: ['VIP', ' '] }, 'labels', 'labels must be a list of at most 100 label names of 1 to 60 characters.'],
    ['a label id', { text: 'x', labels: [3] }, 'labels', 'labels must be a list of at most 100 label names of 1 to 60 characters.'],
  ],
);

parserTable<ContactLabelsInput>(
  'parseContactLabels',
  parseContactLabels,
  [
    ['no labelled contacts (main forgets every label)', { entries: [] }, { entries: [] }],
    [
      'a phone, a user id, both; names trimmed',
      { entries: [{ phone: '+821012345678', labels: ['VIP'] }, { userId: 'KR.1234567890', labels: [' 단골 ', 'B2B'] }, { phone: '+14155550100', userId: 'US.99', labels: ['常客'] }] },
      { entries: [{ phone: '+821012345678', labels: ['VIP'] }, { userId: 'KR.1234567890', labels: ['단골', 'B2B'] }, { phone: '+14155550100', userId: 'US.99', labels: ['常客'] }] },
    ],
    ['a label of 60 characters', { entries: [{ phone: '+821012345678', labels: ['x'.repeat(60)] }] }, { entries: [{ phone: '+821012345678', labels: ['x'.repeat(60)] }] }],
  ],
  [
    ['nothing', undefined, undefined, 'Expected { entries }.'],
    ['a list', [], undefined, 'Expected { entries }.'],
    ['a field it does not know', { entries: [], merge: true }, 'merge', 'Unknown field "merge".'],
    ['no entries', {}, 'entries', 'entries must be a list of { phone?, userId?, labels }.'],
    ['entries as a map', { entries: { '+821012345678': ['VIP'] } }, 'entries', 'entries must be a list of { phone?, userId?, labels }.'],
    ['too many contacts', { entries: Array.from({ length: CONTACT_LABELS_MAX_ENTRIES + 1 }, () => ({ phone: '+821012345678', labels: ['VIP'] })) }, 'entries', `entries has more than ${CONTACT_LABELS_MAX_ENTRIES} contacts.`],
    ['an entry that is text', { entries: ['+821012345678'] }, 'entries[0]', 'entries[0] must be { phone?, userId?, labels }.'],
    ['an entry with a field it does not know', { entries: [{ phone: '+821012345678', labels: ['VIP'], name: 'Mina' }] }, 'entries[0].name', 'Unknown field "name".'],
    ['a phone without its +', { entries: [{ phone: '821012345678', labels: ['VIP'] }] }, 'entries[0].phone', 'entries[0].phone must be an E.164 number such as +821012345678.'],
    ['a phone with spaces', { entries: [{ phone: '+82 10 1234 5678', labels: ['VIP'] }] }, 'entries[0].phone', 'entries[0].phone must be an E.164 number such as +821012345678.'],
    ['an empty user id', { entries: [{ userId: ' ', labels: ['VIP'] }] }, 'entries[0].userId', 'entries[0].userId must be a WhatsApp user id of 1 to 128 characters.'],
    ['neither phone nor user id', { entries: [{ phone: '+821012345678', labels: ['VIP'] }, { labels: ['VIP'] }] }, 'entries[1]', 'entries[1] needs a phone or a userId.'],
    ['no labels (only labelled contacts are sent)', { entries: [{ phone: '+821012345678', labels: [] }] }, 'entries[0].labels', 'entries[0].labels must be a list of 1 to 100 label names.'],
    ['labels as text', { entries: [{ phone: '+821012345678', labels: 'VIP' }] }, 'entries[0].labels', 'entries[0].labels must be a list of 1 to 100 label names.'],
    ['too many labels', { entries: [{ phone: '+821012345678', labels: Array.from({ length: 101 }, (_, i) => `L${i}`) }] }, 'entries[0].labels', 'entries[0].labels must be a list of 1 to 100 label names.'],
    ['a label id instead of its name', { entries: [{ phone: '+821012345678', labels: [3] }] }, 'entries[0].labels', 'entries[0].labels must be label names of 1 to 60 characters.'],
    ['a label name too long', { entries: [{ phone: '+821012345678', labels: ['x'.repeat(61)] }] }, 'entries[0].labels', 'entries[0].labels must be label names of 1 to 60 characters.'],
  ],
);
