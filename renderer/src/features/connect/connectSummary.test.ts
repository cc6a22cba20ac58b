import { describe, expect, it } from 'vitest';
import type { TemplateInfo } from '../../../../shared/domain/template';
import type { CloudSetupView } from '../../../../shared/ipc/cloud';
import type { WebhookStatus } from '../../../../shared/ipc/inbox';
import { summarize } from './connectSummary';
import { tunnelAddress } from './fieldChecks';

const view = (patch: Partial<CloudSetupView> = {}): CloudSetupView => ({
  phoneNumberId: '106540352242922',
  wabaId: '102290129340398',
  apiBase: 'https://graph.facebook.com',
  graphVersion: 'v27.0',
  hasAccessToken: true,
  hasAppSecret: false,
  hasVerifyToken: false,
  secretStorage: 'os-encrypted',
  webhookPort: 47390,
  marketingMessages: false,
  ...patch,
});
const template = (status: TemplateInfo['status']): TemplateInfo => ({ id: status, name: status.toLowerCase(), language: 'ko', status, category: 'MARKETING', body: 'x', bodyParams: 0, syncedAt: 0 });
const receiver = (patch: Partial<WebhookStatus> = {}): WebhookStatus => ({
  running: false,
  configuredPort: 47390,
  missing: [],
  stats: { accepted: 0, badSignature: 0, tooLarge: 0, unparseable: 0, duplicates: 0 },
  ...patch,
});

describe('what works now: sending', () => {
  it.each([
    ['nothing entered: both missing', view({ phoneNumberId: '', hasAccessToken: false }), { kind: 'missing', phoneNumberId: true, accessToken: true }],
    ['no token yet', view({ hasAccessToken: false }), { kind: 'missing', phoneNumberId: false, accessToken: true }],
    ['set up, never tested: not "works"', view(), { kind: 'untested' }],
    ['the last test failed', view({ lastTest: { at: 5, ok: false, error: { code: 190, message: 'm', action: 'a' } } }), { kind: 'failed', at: 5 }],
    ['the last test worked, with the number it read', view({ lastTest: { at: 7, ok: true, displayPhoneNumber: '+82 10-5555-0100' } }), { kind: 'works', at: 7, number: '+82 10-5555-0100' }],
  ] as const)('%s', (_, v, expected) => {
    expect(summarize(v, null, null).sending).toEqual(expected);
  });
});

describe('what works now: templates', () => {
  it.each([
    ['no account id: they cannot be read', view({ wabaId: '' }), [template('APPROVED')], { kind: 'noWaba' }],
    ['not read yet', view(), null, { kind: 'notSynced' }],
    ['read after a good test, and there are none', view({ lastTest: { at: 1, ok: true } }), [], { kind: 'none' }],
    ['only approved ones count as approved', view(), [template('APPROVED'), template('PENDING'), template('APPROVED'), template('REJECTED')], { kind: 'some', approved: 2, total: 4 }],
  ] as const)('%s', (_, v, templates, expected) => {
    expect(summarize(v, templates, null).templates).toEqual(expected);
  });
});

describe('what works now: statuses and replies', () => {
  it.each([
    ['not read yet', null, { kind: 'loading' }],
    ['the receiver lacks its secrets', receiver({ missing: ['app secret', 'verify token'] }), { kind: 'missing', missing: ['app secret', 'verify token'] }],
    ['the receiver is off', receiver(), { kind: 'off' }],
    ['on, nothing received yet', receiver({ running: true, port: 47390 }), { kind: 'waiting' }],
    ['on, a body received', receiver({ running: true, stats: { accepted: 1, badSignature: 0, tooLarge: 0, unparseable: 0, duplicates: 0 } }), { kind: 'arriving' }],
    ['on, an event received at a time', receiver({ running: true, lastEventAt: 9, stats: { accepted: 3, badSignature: 0, tooLarge: 0, unparseable: 0, duplicates: 0 } }), { kind: 'arriving', lastAt: 9 }],
  ] as const)('%s', (_, status, expected) => {
    expect(summarize(view(), null, status).statuses).toEqual(expected);
  });
});

describe('the tunnel address the person pastes', () => {
  it.each([
    ['empty', '', null],
    ['a quick tunnel with a trailing slash', 'https://quiet-river-1234.trycloudflare.com/', 'https://quiet-river-1234.trycloudflare.com'],
    ['with spaces around', '  https://ab12.ngrok-free.app  ', 'https://ab12.ngrok-free.app'],
    ['with a path already: only the address is kept', 'https://ab12.ngrok-free.app/webhook', 'https://ab12.ngrok-free.app'],
    ['plain http: Meta needs https', 'http://ab12.ngrok-free.app', null],
    ['the local address: Meta cannot reach it', 'https://localhost', null],
    ['not an address', 'quiet-river-1234', null],
  ] as const)('%s', (_, input, expected) => {
    expect(tunnelAddress(input)).toBe(expected);
  });
});
