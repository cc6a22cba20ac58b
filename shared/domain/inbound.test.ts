import { describe, expect, it } from 'vitest';
import { inboundText, parseBsuid, parseInboundContent, parseUsername, parseWaId, type InboundContent } from './inbound';

// Inbound message objects as WhatsApp's webhook references write them (DOMAIN.md §2 "Webhooks").
const cases: [string, Record<string, unknown>, InboundContent, string | undefined][] = [
  ['text', { type: 'text', text: { body: '배송 언제 와요?' } }, { type: 'text', body: '배송 언제 와요?' }, '배송 언제 와요?'],
  ['template quick-reply button', { type: 'button', button: { text: 'Stop promotions', payload: 'STOP_PROMO' } }, { type: 'button', text: 'Stop promotions', payload: 'STOP_PROMO' }, 'Stop promotions'],
  ['button with only a payload', { type: 'button', button: { payload: 'YES' } }, { type: 'button', payload: 'YES' }, 'YES'],
  ['interactive button_reply', { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'b1', title: '네' } } }, { type: 'button_reply', id: 'b1', title: '네' }, '네'],
  [
    'interactive list_reply',
    { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'r2', title: '사이즈 M', description: '재고 3' } } },
    { type: 'list_reply', id: 'r2', title: '사이즈 M', description: '재고 3' },
    '사이즈 M',
  ],
  [
    'Flows nfm_reply',
    { type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"size":"M"}' } } },
    { type: 'nfm_reply', name: 'flow', body: 'Sent', response: '{"size":"M"}' },
    'Sent',
  ],
  ['reaction', { type: 'reaction', reaction: { message_id: 'wamid.OURS', emoji: '👍' } }, { type: 'reaction', messageId: 'wamid.OURS', emoji: '👍' }, undefined],
  ['reaction taken away', { type: 'reaction', reaction: { message_id: 'wamid.OURS' } }, { type: 'reaction', messageId: 'wamid.OURS', emoji: '' }, undefined],
  [
    'image with caption',
    { type: 'image', image: { id: 'media1', mime_type: 'image/jpeg', sha256: 'x', caption: '이 색상 있나요?' } },
    { type: 'image', mediaId: 'media1', mimeType: 'image/jpeg', caption: '이 색상 있나요?' },
    '이 색상 있나요?',
  ],
  ['document with file name and size', { type: 'document', document: { id: 'd', filename: '영수증.pdf', mime_type: 'application/pdf', file_size: 48213 } }, { type: 'document', mediaId: 'd', filename: '영수증.pdf', mimeType: 'application/pdf', bytes: 48213 }, undefined],
  ['voice note', { type: 'audio', audio: { id: 'a', mime_type: 'audio/ogg; codecs=opus', voice: true } }, { type: 'audio', mediaId: 'a', mimeType: 'audio/ogg; codecs=opus', voice: true }, undefined],
  ['animated sticker', { type: 'sticker', sticker: { id: 's', animated: true, mime_type: 'image/webp' } }, { type: 'sticker', mediaId: 's', animated: true, mimeType: 'image/webp' }, undefined],
  [
    'location',
    { type: 'location', location: { latitude: 37.5665, longitude: 126.978, name: '서울시청', address: '세종대로 110' } },
    { type: 'location', latitude: 37.5665, longitude: 126.978, name: '서울시청', address: '세종대로 110' },
    undefined,
  ],
  ['location out of range keeps the name only', { type: 'location', location: { latitude: 200, longitude: 'x', name: 'Shop' } }, { type: 'location', name: 'Shop' }, undefined],
  [
    'contacts',
    { type: 'contacts', contacts: [{ name: { formatted_name: '김민지', first_name: '민지' }, phones: [{ phone: '+82 10-1234-5678', wa_id: '821012345678', type: 'CELL' }] }] },
    { type: 'contacts', contacts: [{ name: '김민지', phones: ['+82 10-1234-5678'] }] },
    undefined,
  ],
  ['unsupported with its error', { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] }, { type: 'unsupported', code: 131051, title: 'Message type unknown' }, undefined],
  [
    'system: number changed',
    { type: 'system', system: { body: 'User A changed from 1 to 2', wa_id: '821099998888', type: 'user_changed_number' } },
    { type: 'system', change: 'user_changed_number', body: 'User A changed from 1 to 2', newWaId: '821099998888' },
    undefined,
  ],
  ['system: user id changed', { type: 'system', system: { type: 'user_changed_user_id', user_id: 'KR.98765' } }, { type: 'system', change: 'user_changed_user_id', newUserId: 'KR.98765' }, undefined],
  ['a type not known yet', { type: 'poll_vote', poll_vote: {} }, { type: 'other', waType: 'poll_vote' }, undefined],
  ['an interactive kind not known yet', { type: 'interactive', interactive: { type: 'call_permission_reply' } }, { type: 'other', waType: 'interactive.call_permission_reply' }, undefined],
  ['text without a body', { type: 'text', text: {} }, { type: 'other', waType: 'text' }, undefined],
  ['no type at all', {}, { type: 'other', waType: 'unknown' }, undefined],
  ['fields of the wrong kind are left out', { type: 'image', image: { id: 7, caption: ['x'], file_size: -3 } }, { type: 'image' }, undefined],
];

describe('inbound message content', () => {
  it.each(cases)('%s', (_name, message, content, text) => {
    expect(parseInboundContent(message)).toEqual(content);
    expect(inboundText(parseInboundContent(message))).toBe(text);
  });

  it('cuts a text longer than WhatsApp allows instead of refusing it', () => {
    const c = parseInboundContent({ type: 'text', text: { body: 'x'.repeat(10_000) } });
    expect(c.type === 'text' && c.body.length).toBe(4_096);
  });

  it('keeps at most 20 shared contacts', () => {
    const c = parseInboundContent({ type: 'contacts', contacts: Array.from({ length: 50 }, () => ({ phones: [] })) });
    expect(c.type === 'contacts' && c.contacts.length).toBe(20);
  });
});

describe('identities', () => {
  it.each([
    ['KR.1349120865530274191', 'KR.1349120865530274191'],
    ['US.ENT.11815799212886844830', 'US.ENT.11815799212886844830'],
    ['kr.123', undefined],
    ['KR.', undefined],
    ['821012345678', undefined],
    ['KR.../../etc', undefined],
    [`KR.${'1'.repeat(129)}`, undefined],
    [42, undefined],
  ])('BSUID %s → %s', (input, out) => {
    expect(parseBsuid(input)).toBe(out);
  });

  it.each([
    ['821012345678', '821012345678'],
    ['+821012345678', undefined],
    ['../../etc/x', undefined],
    ['1'.repeat(100_000), undefined],
    ['012345678', undefined],
  ])('WhatsApp id %s → %s', (input, out) => {
    expect(parseWaId(input)).toBe(out);
  });

  it.each([
    ['maria.lopez', '@maria.lopez'],
    ['@민지_샵', '@민지_샵'],
    ['has space', undefined],
    ['', undefined],
  ])('username %s → %s', (input, out) => {
    expect(parseUsername(input)).toBe(out);
  });
});
