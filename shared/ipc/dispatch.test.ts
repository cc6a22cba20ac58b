import { describe, expect, it } from 'vitest';
import type { Handlers } from './dispatch';
import { dispatch } from './dispatch';
import { AppFailure } from '../lib/result';
import { CHANNELS } from './contract';

const settings = { shopName: 'Mina Flowers', defaultCountry: 'KR', language: 'ko', sendingChannel: 'sandbox', setupDone: true } as const;

/** Channels these tests do not call answer as a handler that was never wired would. */
const unwired = Object.fromEntries(
  CHANNELS.map((c) => [
    c,
    async () => {
      throw new AppFailure('internal', `${c} is not part of this test.`);
    },
  ]),
) as unknown as Handlers; // every channel gets a function; their types are irrelevant because none is called

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    ...unwired,
    'app:info': async () => ({ name: 'Shopcast', version: '1', runtime: 'browser-host', dataDir: '/tmp', platform: 'linux' }),
    'settings:get': async () => settings,
    'settings:update': async ({ rateTable: _prices, answerTimes: _times, triageRules: _rules, ...patch }) => ({ ...settings, ...patch }),
    'events:since': async () => [],
    ...overrides,
  };
}

const ctx = { transport: 'test' } as const;

describe('dispatch', () => {
  it('calls the handler with the parsed input and returns its value', async () => {
    expect(await dispatch(handlers(), 'settings:update', { shopName: '  Bloom  ' }, ctx)).toEqual({
      ok: true,
      value: { ...settings, shopName: 'Bloom' },
    });
  });

  it.each([
    ['an unknown channel', 'settings:delete', undefined, 'unknown_channel'],
    ['a prototype key as channel', '__proto__', undefined, 'unknown_channel'],
    ['a channel that is not text', 42, undefined, 'unknown_channel'],
    ['input on a channel that takes none', 'settings:get', { x: 1 }, 'invalid_input'],
    ['an unknown settings field', 'settings:update', { theme: 'dark' }, 'invalid_input'],
    ['a country libphonenumber does not know', 'settings:update', { defaultCountry: 'XX' }, 'invalid_input'],
    ['a language we do not ship', 'settings:update', { language: 'fr' }, 'invalid_input'],
    ['a shop name that is too long', 'settings:update', { shopName: 'x'.repeat(81) }, 'invalid_input'],
    ['a negative sequence', 'events:since', { after: -1 }, 'invalid_input'],
  ])('refuses %s without calling a handler', async (_, channel, input, code) => {
    let called = false;
    const spy = async () => {
      called = true;
      return settings;
    };
    const r = await dispatch(handlers({ 'settings:get': spy, 'settings:update': spy }), channel, input, ctx);
    expect(r.ok ? 'ok' : r.error.code).toBe(code);
    expect(called).toBe(false);
  });

  it('passes an intended failure through as a value', async () => {
    const r = await dispatch(
      handlers({ 'settings:get': async () => Promise.reject(new AppFailure('storage_failed', 'Disk full')) }),
      'settings:get',
      undefined,
      ctx,
    );
    expect(r).toEqual({ ok: false, error: { code: 'storage_failed', message: 'Disk full' } });
  });

  it('hides an unexpected error behind a generic message and reports it', async () => {
    const seen: unknown[] = [];
    const r = await dispatch(
      handlers({ 'settings:get': async () => Promise.reject(new Error('secret stack detail')) }),
      'settings:get',
      undefined,
      ctx,
      { onUnexpectedError: (_c, e) => seen.push(e) },
    );
    expect(r.ok ? '' : r.error.code).toBe('internal');
    expect(JSON.stringify(r)).not.toContain('secret');
    expect(seen).toHaveLength(1);
  });
});
