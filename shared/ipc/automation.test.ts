import { parserTable } from '../../test/parserTable';
import { AUTOMATION_SET_MAX_CHARS, parseAutomationSet, parseAutomationTry, type AutomationFile, type AutomationTryInput } from './automation';

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
  ],
  [
    ['nothing', null, undefined, 'Expected { text, at?, firstMessage? }.'],
    ['a field it does not know', { text: 'x', customer: '+82' }, 'customer', 'Unknown field "customer".'],
    ['no text', {}, 'text', 'text must be a message of 1 to 4096 characters.'],
    ['only spaces', { text: '   ' }, 'text', 'text must be a message of 1 to 4096 characters.'],
    ['a text too long for WhatsApp', { text: 'a'.repeat(4097) }, 'text', 'text must be a message of 1 to 4096 characters.'],
    ['a number as text', { text: 12 }, 'text', 'text must be a message of 1 to 4096 characters.'],
    ['an instant as a date string', { text: 'x', at: '2026-12-04' }, 'at', 'at must be an instant in milliseconds.'],
    ['a fractional instant', { text: 'x', at: 1.5 }, 'at', 'at must be an instant in milliseconds.'],
    ['a negative instant', { text: 'x', at: -1 }, 'at', 'at must be an instant in milliseconds.'],
    ['firstMessage as a word', { text: 'x', firstMessage: 'yes' }, 'firstMessage', 'firstMessage must be true or false.'],
  ],
);
