import { describe, expect, it } from 'vitest';
import { bannerKind, NEW_SESSION_AFTER_MS, NOT_RUNNING_AFTER_MS } from './connectionBannerState';
import { en } from '../i18n/en';
import { ko } from '../i18n/ko';
import { zhHant } from '../i18n/zhHant';

describe('bannerKind (the banner never promises what will not happen)', () => {
  it.each([
    ['just lost: reconnecting', 0, undefined, 'retrying'],
    ['still within a retry cycle: reconnecting', NOT_RUNNING_AFTER_MS - 1, undefined, 'retrying'],
    ['no host answers after a full cycle: not running', NOT_RUNNING_AFTER_MS, undefined, 'notRunning'],
    ['a host just came back: reconnecting, not "not running"', 60_000, 0, 'retrying'],
    ['a host answers but keeps refusing this window: new session', 60_000, NEW_SESSION_AFTER_MS, 'newSession'],
  ] as const)('%s', (_name, downForMs, hostAnsweringForMs, expected) => {
    expect(bannerKind({ downForMs, hostAnsweringForMs })).toBe(expected);
  });

  it('every kind is worded in all three languages, telling a not-running host how to start it', () => {
    for (const dict of [en, ko, zhHant]) {
      for (const kind of ['retrying', 'notRunning', 'newSession'] as const) expect(dict[`reconnect.${kind}`]).toBeTruthy();
      expect(dict['reconnect.notRunning']).toContain('npm start');
    }
  });
});
