import { parserTable } from '../../test/parserTable';
import { describe, expect, it } from 'vitest';
import type { MessageContent } from '../domain/message';
import { answerRefusalOf, parseAnswerInput, parseAnswersSince, parseInboxSince, parseSuppressionRemove, parseWebhookStart } from './inbox';

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

const hello: MessageContent = { kind: 'text', body: '네, 있어요' };
const tpl: MessageContent = { kind: 'template', name: 'order_update', language: 'ko', bodyParams: ['고객'] };

parserTable(
  'parseAnswerInput',
  parseAnswerInput,
  [
    ['a Cloud text answer', { to: '+821012345678', content: hello, channel: 'cloud' }, { to: '+821012345678', content: hello, channel: 'cloud' }],
    ['a Sandbox template answer', { to: '+821012345678', content: tpl, channel: 'sandbox' }, { to: '+821012345678', content: tpl, channel: 'sandbox' }],
    ['a Cloud answer to a customer known only by their user id', { to: 'KR.1349abcdef', content: hello, channel: 'cloud' }, { to: 'KR.1349abcdef', content: hello, channel: 'cloud' }],
    ['an Assisted text the person sent in WhatsApp', { to: '+821012345678', content: hello, channel: 'assisted' }, { to: '+821012345678', content: hello, channel: 'assisted' }],
    ['a Cloud media answer by link', { to: '+821012345678', content: { kind: 'media', mediaType: 'image', link: 'https://shop.example/a.jpg', caption: '새 상품' }, channel: 'cloud' }, { to: '+821012345678', content: { kind: 'media', mediaType: 'image', link: 'https://shop.example/a.jpg', caption: '새 상품' }, channel: 'cloud' }],
    [
      'quoting a message, by a staff member (trimmed)',
      { to: '+821012345678', content: hello, channel: 'cloud', quote: 'wamid.HBgL1', staff: ' 민지 ' },
      { to: '+821012345678', content: hello, channel: 'cloud', quote: 'wamid.HBgL1', staff: '민지' },
    ],
  ],
  [
    ['nothing', undefined, undefined, 'Expected { to, content, channel, quote?, staff? }.'],
    ['an unknown field', { to: '+821012345678', content: hello, channel: 'cloud', campaign: 'c1' }, 'campaign', 'Unknown field "campaign".'],
    ['a local number', { to: '010-1234-5678', content: hello, channel: 'cloud' }, 'to', 'to must be an E.164 number or a WhatsApp user id.'],
    ['something that is neither', { to: 'kr.1349', content: hello, channel: 'cloud' }, 'to', 'to must be an E.164 number or a WhatsApp user id.'],
    ['a media answer marked sent on Assisted (wa.me pre-fills text only)', { to: '+821012345678', content: { kind: 'media', mediaType: 'image', link: 'https://shop.example/a.jpg' }, channel: 'assisted' }, 'content', 'An Assisted answer is a text the person sent in WhatsApp.'],
    ['no channel', { to: '+821012345678', content: hello }, 'channel', 'channel must be one of: cloud, sandbox, assisted.'],
    ['no content', { to: '+821012345678', channel: 'cloud' }, 'content', 'content must be an object.'],
    ['empty text', { to: '+821012345678', content: { kind: 'text', body: '' }, channel: 'cloud' }, 'content.body', 'content.body is required.'],
    ['an empty quote', { to: '+821012345678', content: hello, channel: 'cloud', quote: '' }, 'quote', 'quote is required.'],
    ['a staff name that is too long', { to: '+821012345678', content: hello, channel: 'cloud', staff: 'x'.repeat(81) }, 'staff', 'staff is longer than 80 characters.'],
  ],
);

parserTable(
  'parseAnswersSince',
  parseAnswersSince,
  [
    ['from the start', { sinceRev: 0 }, { sinceRev: 0 }],
    ['after a rev', { sinceRev: 42 }, { sinceRev: 42 }],
  ],
  [
    ['nothing', undefined, undefined, 'inbox:answers needs { sinceRev: a whole number ≥ 0 }.'],
    ['a negative rev', { sinceRev: -1 }, undefined, 'inbox:answers needs { sinceRev: a whole number ≥ 0 }.'],
    ['a rev as text', { sinceRev: '3' }, undefined, 'inbox:answers needs { sinceRev: a whole number ≥ 0 }.'],
  ],
);

describe('answerRefusalOf', () => {
  it.each([
    [{ refusal: 'window_closed', closedAt: 1 }, 'window_closed'],
    [{ refusal: 'opted_out', reason: 'opted_out' }, 'opted_out'],
    [{ refusal: 'cloud_not_connected' }, 'cloud_not_connected'],
    [{ refusal: 'something_new' }, undefined],
    [{ problem: 'closing' }, undefined],
    [undefined, undefined],
  ] as const)('%o → %s', (details, code) => {
    expect(answerRefusalOf(details)).toBe(code);
  });
});
