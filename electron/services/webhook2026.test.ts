import { describe, expect, it } from 'vitest';
import { applyWebhookEvents, parseWebhookPayload, tierLimit, type WebhookEvent } from './webhook';

// The 2026 payloads (DOMAIN.md §2: BSUIDs, usernames, pricing on statuses, template and limit webhooks, standby).
const envelope = (changes: unknown[], time = 1_764_000_000) => ({ object: 'whatsapp_business_account', entry: [{ id: 'WABA', time, changes }] });
const meta = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };

describe('2026 webhook payloads', () => {
  it('a status carries the pricing and the recipient user id', () => {
    const body = envelope([
      {
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: meta,
          statuses: [
            {
              id: 'wamid.A',
              status: 'delivered',
              timestamp: '1764000100',
              recipient_id: '821012345678',
              recipient_user_id: 'KR.1349120865530274191',
              biz_opaque_callback_data: 'job-1',
              pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' },
            },
            { id: 'wamid.B', status: 'read', timestamp: '1764000200', recipient_id: '821012345679', pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' } },
            { id: 'wamid.C', status: 'sent', timestamp: '1', recipient_id: '821012345670', pricing: { billable: 'yes' }, recipient_user_id: '../x' },
          ],
        },
      },
    ]);
    expect(parseWebhookPayload(body)).toEqual([
      {
        kind: 'status',
        wamid: 'wamid.A',
        status: 'delivered',
        timestamp: 1_764_000_100_000,
        jobId: 'job-1',
        recipient: '821012345678',
        recipientUserId: 'KR.1349120865530274191',
        pricing: { billable: true, model: 'PMP', type: 'regular', category: 'marketing' },
      },
      { kind: 'status', wamid: 'wamid.B', status: 'read', timestamp: 1_764_000_200_000, recipient: '821012345679', pricing: { billable: false, model: 'PMP', type: 'free_customer_service', category: 'service' } },
      { kind: 'status', wamid: 'wamid.C', status: 'sent', timestamp: 1_000, recipient: '821012345670' },
    ]);
  });

  it('a message carries the user id, the username and the profile name from `contacts`', () => {
    const body = envelope([
      {
        field: 'messages',
        value: {
          metadata: meta,
          contacts: [{ profile: { name: '김민지', username: 'minji.shop' }, wa_id: '821012345678', user_id: 'KR.555' }],
          messages: [{ from: '821012345678', from_user_id: 'KR.555', id: 'wamid.IN', timestamp: '1764000300', type: 'text', text: { body: '이거 재고 있나요?' }, context: { from: '15550783881', id: 'wamid.OURS', forwarded: true } }],
        },
      },
    ]);
    expect(parseWebhookPayload(body)).toEqual([
      {
        kind: 'message',
        id: 'wamid.IN',
        from: '821012345678',
        userId: 'KR.555',
        username: '@minji.shop',
        profileName: '김민지',
        type: 'text',
        content: { type: 'text', body: '이거 재고 있나요?' },
        text: '이거 재고 있나요?',
        timestamp: 1_764_000_300_000,
        optOut: { kind: 'none' },
        contextId: 'wamid.OURS',
        forwarded: true,
      },
    ]);
  });

  it('an opt-out written in an image caption is an opt-out; a reaction never is', () => {
    const body = envelope([
      {
        field: 'messages',
        value: {
          messages: [
            { from: '821012345678', id: 'm1', timestamp: '1', type: 'image', image: { id: 'i', caption: '수신거부' } },
            { from: '821012345678', id: 'm2', timestamp: '2', type: 'reaction', reaction: { message_id: 'wamid.OURS', emoji: '🛑' } },
          ],
        },
      },
    ]);
    const [caption, reaction] = parseWebhookPayload(body);
    expect(caption).toMatchObject({ kind: 'message', optOut: { kind: 'opt_out' } });
    expect(reaction).toMatchObject({ kind: 'message', content: { type: 'reaction', emoji: '🛑' }, optOut: { kind: 'none' } });
  });

  it('a sender with a user id but no phone number is kept, known by the id and the username (no `from`)', () => {
    const body = envelope([{ field: 'messages', value: { contacts: [{ profile: { username: 'anon' }, user_id: 'KR.9' }], messages: [{ from_user_id: 'KR.9', id: 'm', timestamp: '1', type: 'text', text: { body: 'STOP' } }] } }]);
    expect(parseWebhookPayload(body)).toEqual([
      { kind: 'message', id: 'm', userId: 'KR.9', username: '@anon', type: 'text', content: { type: 'text', body: 'STOP' }, text: 'STOP', timestamp: 1_000, optOut: { kind: 'opt_out', word: 'stop' } },
    ]);
  });

  it('a message with neither a phone nor a user id is still skipped', () => {
    const body = envelope([{ field: 'messages', value: { contacts: [{ profile: { username: 'anon' } }], messages: [{ from_user_id: '../x', id: 'm', timestamp: '1', type: 'text', text: { body: 'hi' } }] } }]);
    expect(parseWebhookPayload(body)).toEqual([]);
  });

  it('user_preferences keeps the user id beside the wa_id', () => {
    const body = envelope([{ field: 'user_preferences', value: { user_preferences: [{ wa_id: '821012345678', user_id: 'KR.555', detail: 'User requested to stop marketing messages', category: 'marketing_messages', value: 'stop', timestamp: 1764000400 }] } }]);
    expect(parseWebhookPayload(body)).toEqual([{ kind: 'preference', waId: '821012345678', userId: 'KR.555', value: 'stop', category: 'marketing_messages', timestamp: 1_764_000_400_000 }]);
  });

  it('template status, category and quality changes', () => {
    const body = envelope([
      { field: 'message_template_status_update', value: { event: 'PAUSED', message_template_id: 123456, message_template_name: 'winter_sale', message_template_language: 'ko', reason: 'NONE' } },
      { field: 'message_template_status_update', value: { event: 'REJECTED', message_template_id: 7, message_template_name: 'promo', message_template_language: 'en_US', reason: 'INCORRECT_CATEGORY' } },
      { field: 'template_category_update', value: { message_template_id: 8, message_template_name: 'order_update', message_template_language: 'ko', previous_category: 'UTILITY', new_category: 'MARKETING' } },
      { field: 'message_template_quality_update', value: { previous_quality_score: 'GREEN', new_quality_score: 'YELLOW', message_template_id: 9, message_template_name: 'hello', message_template_language: 'en' } },
      { field: 'message_template_status_update', value: { event: 'APPROVED' } },
    ]);
    const at = 1_764_000_000_000;
    expect(parseWebhookPayload(body)).toEqual([
      { kind: 'template', change: 'status', templateId: '123456', name: 'winter_sale', language: 'ko', status: 'PAUSED', timestamp: at },
      { kind: 'template', change: 'status', templateId: '7', name: 'promo', language: 'en_US', status: 'REJECTED', reason: 'INCORRECT_CATEGORY', timestamp: at },
      { kind: 'template', change: 'category', templateId: '8', name: 'order_update', language: 'ko', previousCategory: 'UTILITY', category: 'MARKETING', timestamp: at },
      { kind: 'template', change: 'quality', templateId: '9', name: 'hello', language: 'en', quality: 'YELLOW', timestamp: at },
    ]);
  });

  it('messaging limit and quality of the number', () => {
    const body = envelope([
      { field: 'phone_number_quality_update', value: { display_phone_number: '15550783881', event: 'UPGRADE', current_limit: 'TIER_10K' } },
      { field: 'phone_number_quality_update', value: { display_phone_number: '15550783881', event: 'FLAGGED', current_limit: 'TIER_250' } },
      { field: 'business_capability_update', value: { max_daily_conversation_per_phone: 'TIER_UNLIMITED' } },
      { field: 'business_capability_update', value: { nonsense: true } },
    ]);
    const at = 1_764_000_000_000;
    expect(parseWebhookPayload(body)).toEqual([
      { kind: 'limit', messagingLimit: 10_000, event: 'UPGRADE', timestamp: at },
      { kind: 'limit', messagingLimit: 250, event: 'FLAGGED', timestamp: at },
      { kind: 'limit', messagingLimit: null, timestamp: at },
    ]);
  });

  it.each([
    ['TIER_250', 250],
    ['TIER_2K', 2_000],
    ['TIER_100K', 100_000],
    ['TIER_UNLIMITED', null],
    [1000, 1000],
    ['TIER_X', undefined],
    [-5, undefined],
  ])('tier %s → %s', (tier, limit) => {
    expect(tierLimit(tier)).toBe(limit);
  });

  it('standby: Meta’s agent has the chat', () => {
    const body = envelope([{ field: 'standby', value: { messages: [{ from: '821012345678', id: 'x', timestamp: '5', type: 'text', text: { body: 'hi' } }, { garbage: 1 }] } }]);
    expect(parseWebhookPayload(body)).toEqual([{ kind: 'standby', from: '821012345678', timestamp: 5_000 }]);
  });

  it('the new kinds go to their own sinks and never to the suppression list', async () => {
    const got: string[] = [];
    const events: WebhookEvent[] = [
      { kind: 'template', change: 'status', name: 'winter_sale', status: 'PAUSED', timestamp: 1 },
      { kind: 'limit', messagingLimit: 2_000, timestamp: 1 },
      { kind: 'standby', from: '821012345678', timestamp: 1 },
    ];
    await applyWebhookEvents(events, {
      now: () => 0,
      suppression: { has: () => false, add: async (e) => void got.push(`suppressed ${e.contact}`) },
      template: async (t) => void got.push(`template ${t.name} ${t.status}`),
      limit: async (l) => void got.push(`limit ${l.messagingLimit}`),
      standby: (s) => void got.push(`standby ${s.from}`),
    });
    expect(got).toEqual(['template winter_sale PAUSED', 'limit 2000', 'standby 821012345678']);
  });
});
