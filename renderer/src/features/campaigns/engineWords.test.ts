import { describe, expect, it } from 'vitest';
import { START_REFUSALS, type AmbiguousReasonCode, type CampaignWhy, type CampaignWhyCode, type StartRefusal, type WaitingInfo } from '../../../../shared/ipc/campaigns';
import { globalDelays, jobDelays, SendLog, type PacingPolicy } from '../../../../shared/domain/pacing';
import type { Language } from '../../../../shared/domain/settings';
import { ERROR_TABLE } from '../../../../shared/domain/errorCodes';
import { createTranslator, DICTIONARIES } from '../../i18n';
import { recipientWhy } from '../../../../shared/domain/results/recipientStatus';
import { ambiguousText, campaignWhyText, errorCodeKey, errorCodeText, errorTodoKey, startRefusalText, stoppedText, waitingDetail } from './engineWords';

const LANGUAGES: Language[] = ['en', 'ko', 'zh-Hant'];
const until = Date.UTC(2026, 0, 1, 21, 0);

/** One waiting campaign per reason, with main's numbers (the shapes pacing.ts and campaigns.ts send). */
const CASES: [string, WaitingInfo, Record<Language, string>][] = [
  ['rate', { reason: 'rate', until, detail: 'At most 20 messages a second.', params: { rate: 20 } }, { en: 'At most 20 messages a second.', ko: '1초에 최대 20개까지 보내요.', 'zh-Hant': '每秒最多 20 則。' }],
  ['account rate', { reason: 'rate', until, detail: 'x', params: { accountLimit: true } }, { en: 'WhatsApp asked this account to slow down: the whole queue waits.', ko: 'WhatsApp에서 이 계정의 발송 속도를 늦춰 달라고 해서 모든 발송이 기다리고 있어요.', 'zh-Hant': 'WhatsApp 要求這個帳號放慢速度，整個佇列都在等待。' }],
  ['hourly', { reason: 'hourly_cap', until, detail: 'x', params: { cap: 1500 } }, { en: 'At most 1,500 messages an hour.', ko: '1시간에 최대 1,500개까지 보내요.', 'zh-Hant': '每小時最多 1,500 則。' }],
  ['daily', { reason: 'daily_cap', until, detail: 'x', params: { cap: 250, warmup: false, halved: false } }, { en: 'At most 250 messages a day.', ko: '하루에 최대 250개까지 보내요.', 'zh-Hant': '每天最多 250 則。' }],
  ['warm-up', { reason: 'daily_cap', until, detail: 'x', params: { cap: 50, warmup: true, halved: false } }, { en: 'At most 50 messages a day while the number warms up.', ko: '번호를 길들이는 동안에는 하루에 최대 50개까지 보내요.', 'zh-Hant': '號碼暖機期間，每天最多 50 則。' }],
  ['halved', { reason: 'daily_cap', until, detail: 'x', params: { cap: 25, warmup: true, halved: true } }, { en: 'At most 25 messages a day for now: the limit was halved after many failures.', ko: '실패가 많아서 한도를 절반으로 줄였어요. 지금은 하루에 최대 25개까지 보내요.', 'zh-Hant': '因為失敗太多，上限已減半：目前每天最多 25 則。' }],
  ['batches', { reason: 'batch_gap', until, detail: 'x', params: { threshold: 1000, size: 500, hours: 2 } }, { en: 'Over 1,000 a day, messages go in batches of 500, 2 hours apart.', ko: '하루에 1,000개가 넘으면 500개씩 2시간 간격으로 나눠 보내요.', 'zh-Hant': '每天超過 1,000 則時，每批 500 則，間隔 2 小時。' }],
  ['quiet hours', { reason: 'quiet_hours', until, detail: 'Never between 00:00 and 06:00…', params: { startHour: 0, endHour: 6 } }, { en: 'Never between 00:00 and 06:00 in the customer’s local time.', ko: '고객의 현지 시간으로 00:00부터 06:00까지는 보내지 않아요.', 'zh-Hant': '在顧客當地時間 00:00 到 06:00 之間不傳送。' }],
  ['the Korean night (+82)', { reason: 'kr_night', until, detail: 'Korean law…', params: { startHour: 21, endHour: 8 } }, { en: 'Korean law for +82 numbers: no advertising between 21:00 and 08:00 Korea time without each person’s night-time consent.', ko: '한국 법(+82 번호): 야간 수신 동의가 없으면 한국 시간 21:00부터 08:00까지는 광고를 보내지 않아요.', 'zh-Hant': '韓國法律（+82 號碼）：未取得夜間同意時，韓國時間 21:00 到 08:00 之間不傳送廣告。' }],
  ['pair gap', { reason: 'pair_gap', until, detail: 'x', params: { seconds: 6 } }, { en: 'At least 6 seconds between two messages to the same person.', ko: '같은 사람에게 보내는 메시지 사이에는 6초 이상 간격을 둬요.', 'zh-Hant': '傳給同一個人的兩則訊息至少間隔 6 秒。' }],
  ['frequency', { reason: 'contact_frequency', until, detail: 'x', params: { cap: 3 } }, { en: 'At most 3 promotional messages to one person in 24 hours.', ko: '한 사람에게 24시간 동안 홍보 메시지는 최대 3개까지 보내요.', 'zh-Hant': '24 小時內傳給同一個人的促銷訊息最多 3 則。' }],
  ['messaging limit', { reason: 'messaging_limit', until, detail: 'x', params: { limit: 250 } }, { en: 'WhatsApp lets this number reach 250 new people a day outside a conversation.', ko: 'WhatsApp에서 이 번호는 대화 밖의 새로운 사람에게 하루 250명까지 보낼 수 있어요.', 'zh-Hant': 'WhatsApp 允許這個號碼每天在對話以外聯絡 250 位新對象。' }],
  ['assisted', { reason: 'assisted', until, detail: 'x' }, { en: 'Waiting for you to send the message in WhatsApp and mark it.', ko: 'WhatsApp에서 메시지를 보낸 다음 보냈다고 표시해 주세요.', 'zh-Hant': '請在 WhatsApp 傳送訊息，然後標記為已傳送。' }],
];

describe('waitingDetail', () => {
  it.each(CASES.flatMap(([name, w, want]) => LANGUAGES.map((lang) => [name, lang, w, want[lang]] as const)))('%s in %s', (_name, lang, w, want) => {
    expect(waitingDetail(createTranslator(lang), w)).toBe(want);
  });

  it.each(LANGUAGES)('words a scheduled start with the time in %s, not an ISO string', (lang) => {
    const tr = createTranslator(lang);
    const text = waitingDetail(tr, { reason: 'scheduled', until, detail: 'Starts at 2026-01-01T21:00:00.000Z.' });
    expect(text).toContain(tr.formatDateTime(until));
    expect(text).not.toContain('Z');
  });

  it('an old core without numbers, or a reason this build does not know, shows main’s English sentence', () => {
    const ko = createTranslator('ko');
    expect(waitingDetail(ko, { reason: 'quiet_hours', until, detail: 'Never between 00:00 and 06:00 in the customer’s local time.' })).toBe(
      'Never between 00:00 and 06:00 in the customer’s local time.',
    );
    const future = { reason: 'something_new', until, detail: 'A new rule.' } as unknown as WaitingInfo; // a newer core's reason
    expect(waitingDetail(ko, future)).toBe('A new rule.');
  });

  it('the delays the pacing rules produce carry the numbers their words need (no English left in Korean)', () => {
    const ko = createTranslator('ko');
    const policy: PacingPolicy = {
      preset: 'cautious',
      ratePerSecond: 1,
      channelThroughput: 80,
      hourlyCap: 1,
      dailyCap: 1,
      batch: null,
      quietHours: { startHour: 0, endHour: 23 },
      pairGapMs: 6_000,
      promotionalPerContactPer24h: 1,
      messagingLimit: 1,
      fallbackZone: 'Asia/Seoul',
      koreanAdLaw: true,
    };
    const log = new SendLog();
    const now = Date.UTC(2026, 0, 1, 13, 0); // 22:00 in Seoul: inside the 00–23 quiet hours and the Korean night
    log.record({ at: now - 1_000, contact: '+821012345678', promotional: true, outsideWindow: true });
    const delays = [...globalDelays(policy, log, now), ...jobDelays(policy, log, { contact: '+821012345678', promotional: true, outsideWindow: true }, now)];
    const reasons = new Set(delays.map((d) => d.reason));
    expect([...reasons].sort()).toEqual(['contact_frequency', 'daily_cap', 'hourly_cap', 'kr_night', 'pair_gap', 'quiet_hours']);
    for (const d of delays) {
      const text = waitingDetail(ko, { reason: d.reason, until: d.until, detail: d.detail, params: d.params });
      expect(text, d.reason).not.toBe(d.detail);
      expect(text, d.reason).toMatch(/[가-힣]/);
    }
  });
});

describe('WhatsApp error codes in words', () => {
  const codes = Object.keys(ERROR_TABLE).map(Number);

  it.each(LANGUAGES)('every code of errorCodes.ts has its own words in %s (adding a code without words fails here)', (lang) => {
    const dict: Readonly<Record<string, string>> = DICTIONARIES[lang];
    for (const code of codes) {
      const key = errorCodeKey(code);
      expect(key, String(code)).toBe(`engine.code.${code}`);
      expect(dict[`engine.code.${code}`], `${lang} ${code}`).toMatch(/\S/);
    }
  });

  it.each([
    ['en', 131026, 'unreachable', 'this number cannot receive WhatsApp messages (WhatsApp 131026: the message could not be delivered (not on WhatsApp, an old app, or terms not accepted))'],
    ['ko', 131049, 'marketing_cap', 'WhatsApp이 이 사람에게 가는 마케팅 메시지를 제한해요 (WhatsApp 131049: WhatsApp이 이 사람이 모든 비즈니스에게서 받는 마케팅 메시지 수를 제한했어요)'],
    ['zh-Hant', 131050, 'suppress', ''],
    ['ko', 12345, 'unknown', 'WhatsApp 오류 12345'],
    ['en', 12345, 'unknown', 'WhatsApp error 12345'],
    ['zh-Hant', 12345, 'unknown', 'WhatsApp 錯誤 12345'],
    ['ko', -1, 'transient', 'WhatsApp에 연결하지 못해서 보내지 않았어요'],
  ] as const)('%s: %i', (lang, code, action, want) => {
    const text = errorCodeText(createTranslator(lang).t, action, code);
    if (want === '') expect(text).toMatch(/131050/);
    else expect(text).toBe(want);
  });
});

describe('a failed recipient always has a reason in words', () => {
  const base = { phase: 'accepted', code: undefined, reason: undefined } as const;
  it.each([
    ['delivery failed without a code (the Sandbox)', { ...base, delivery: 'failed' }, 'undelivered'],
    ['failed without code or reason', { ...base, phase: 'failed', delivery: undefined }, 'failed'],
    ['an unknown WhatsApp code', { ...base, phase: 'failed', delivery: undefined, code: 12345 }, 'error'],
  ] as const)('%s', (_name, r, kind) => {
    expect(recipientWhy(r).kind).toBe(kind);
  });
});

describe('why a campaign is in its state', () => {
  /**
   * One or more reasons per code, with the numbers main journals (campaignWhy.ts). A `Record` over every code: a new
   * code without a case here does not compile.
   */
  const SAMPLES: { readonly [C in CampaignWhyCode]: CampaignWhy[] } = {
    paused_by_person: [{ code: 'paused_by_person' }],
    cancelled_by_person: [{ code: 'cancelled_by_person' }],
    app_closed: [{ code: 'app_closed' }],
    retrying_failed: [{ code: 'retrying_failed' }],
    failed_requeued: [{ code: 'failed_requeued' }],
    requeued_by_person: [{ code: 'requeued_by_person' }],
    journal_damaged: [{ code: 'journal_damaged' }],
    journal_write_failed: [
      { code: 'journal_write_failed', params: { io: 'disk_full' } },
      { code: 'journal_write_failed', params: { io: 'not_allowed' } },
      { code: 'journal_write_failed', params: { io: 'read_only' } },
      { code: 'journal_write_failed', params: { detail: 'EIO: i/o error' } },
    ],
    error_rule: [
      ...Object.entries(ERROR_TABLE)
        .filter(([, rule]) => rule.action === 'stop_all' || rule.action === 'pause_campaign')
        .map(([code, rule]): CampaignWhy => ({ code: 'error_rule', params: { errorCode: Number(code), action: rule.action } })),
    ],
    account_stop: [{ code: 'account_stop', params: { errorCode: 131048 } }],
    breaker: [{ code: 'breaker', params: { failures: 3, attempts: 20 } }],
    resume_failed: [{ code: 'resume_failed', params: { refusals: ['cloud_not_configured'], detail: 'This campaign cannot start: The Cloud API is not connected.' } }],
    start_failed: [{ code: 'start_failed', params: { refusals: [...START_REFUSALS], detail: 'x' } }],
    unexpected: [{ code: 'unexpected', params: { detail: '#42' } }], // the error's own text is shown as it came (see below)
    // Template names are a-z, 0-9 and _; a one-letter name keeps the "no English left" check meaningful.
    template_paused: (['PAUSED', 'DISABLED', 'REJECTED'] as const).map((status): CampaignWhy => ({ code: 'template_paused', params: { template: 'x_1', status } })),
    template_recategorised: (['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const).map((category): CampaignWhy => ({ code: 'template_recategorised', params: { template: 'x_1', category } })),
  };
  const ENGLISH_WHY = 'Main’s English sentence.';
  const cases = (Object.values(SAMPLES) as CampaignWhy[][]).flat();

  it.each(cases.flatMap((whyCode) => LANGUAGES.map((lang) => [whyCode.code, lang, whyCode] as const)))('%s is worded in %s, every placeholder filled', (_code, lang, whyCode) => {
    const text = campaignWhyText(createTranslator(lang), { why: ENGLISH_WHY, whyCode });
    expect(text).toBeDefined();
    expect(text).not.toBe(ENGLISH_WHY);
    expect(text).not.toMatch(/[{}]/);
    if (lang !== 'en') expect(withoutNames(text ?? ''), `${lang} ${JSON.stringify(whyCode)}`).not.toMatch(/[A-Za-z]{2,}/);
  });

  it.each([
    ['en', { code: 'paused_by_person' }, 'You paused it.'],
    ['ko', { code: 'paused_by_person' }, '직접 일시 중지했어요.'],
    ['zh-Hant', { code: 'paused_by_person' }, '你暫停了這個活動。'],
    [
      'en',
      { code: 'error_rule', params: { errorCode: 190, action: 'stop_all' } },
      'All sending stopped: the access token expired or was revoked (WhatsApp 190). What to do: Create a new (system user) access token in Meta Business Manager and paste it in Settings.',
    ],
    ['ko', { code: 'error_rule', params: { errorCode: 190, action: 'stop_all' } }, '모든 발송을 멈췄어요. 액세스 토큰이 만료됐거나 취소됐어요(WhatsApp 190). 할 일: Meta 비즈니스 관리자에서 새 액세스 토큰(시스템 사용자)을 만들어 설정에 붙여 넣어 주세요.'],
    ['zh-Hant', { code: 'error_rule', params: { errorCode: 132015, action: 'pause_campaign' } }, '活動已暫停：範本因品質低落而暫停（WhatsApp 132015）。該怎麼做：請到 WhatsApp 管理工具確認範本已核准、沒有暫停或停用，或改用其他範本，然後繼續這個活動。'],
    ['ko', { code: 'breaker', params: { failures: 1234, attempts: 20000 } }, '일시 중지했어요. 처음 보낸 20,000개 중 1,234개가 실패했어요(첫 1시간 동안 5% 초과). 다시 시작하기 전에 받는 사람 목록과 메시지를 확인해 주세요.'],
    ['en', { code: 'failed_requeued' }, 'The failed messages are queued again: choose “Resume” to send them.'],
    ['ko', { code: 'start_failed', params: { refusals: ['incomplete', 'all_suppressed'] } }, '예약한 시간에 시작하지 못했어요. 받는 사람이 아직 다 들어오지 않았어요. 남은 받는 사람이 모두 수신을 거부했거나 연락할 수 없어요.'],
    ['zh-Hant', { code: 'journal_write_failed', params: { io: 'disk_full' } }, '磁碟已滿，無法儲存傳送紀錄，因此已停止傳送。請騰出磁碟空間，然後再繼續。'],
    [
      'ko',
      { code: 'template_paused', params: { template: 'spring_sale', language: 'ko', status: 'PAUSED' } },
      '캠페인을 일시 중지했어요. WhatsApp에서 템플릿 “spring_sale (ko)”의 상태가 바뀌었어요(새 상태: 일시 중지됨). WhatsApp 관리자에서 템플릿을 확인하거나 다른 템플릿을 고른 다음 다시 시작해 주세요.',
    ],
    [
      'en',
      { code: 'template_paused', params: { template: 'spring_sale', status: 'PENDING_DELETION' } },
      'Campaign paused: WhatsApp changed the status of its template “spring_sale” to PENDING_DELETION. Check the template in WhatsApp Manager or pick another one, then resume.',
    ],
    [
      'zh-Hant',
      { code: 'template_recategorised', params: { template: 'order_ready', language: 'en_US', category: 'MARKETING' } },
      '活動已暫停：WhatsApp 現在將範本「order_ready (en_US)」以「行銷」計費，每則訊息的費用可能不同。請先確認價格，然後再繼續。',
    ],
  ] as const)('%s: %j', (lang, whyCode, want) => {
    expect(campaignWhyText(createTranslator(lang), { why: ENGLISH_WHY, whyCode: whyCode as CampaignWhy })).toBe(want);
  });

  it('a state journaled before codes (no whyCode) shows main’s English why; no why at all shows nothing', () => {
    const ko = createTranslator('ko');
    expect(campaignWhyText(ko, { why: 'Paused by the person.' })).toBe('Paused by the person.');
    expect(campaignWhyText(ko, {})).toBeUndefined();
  });

  it('a code from a newer core, or a code without its numbers, shows main’s English why', () => {
    const zh = createTranslator('zh-Hant');
    const future = { code: 'something_new' } as unknown as CampaignWhy; // a newer core's code
    expect(campaignWhyText(zh, { why: 'A new reason.', whyCode: future })).toBe('A new reason.');
    expect(campaignWhyText(zh, { why: 'Paused: 3 of the first 20…', whyCode: { code: 'breaker' } })).toBe('Paused: 3 of the first 20…');
    expect(campaignWhyText(zh, { why: 'Campaign paused: …', whyCode: { code: 'template_paused', params: { template: 'spring_sale' } } })).toBe('Campaign paused: …');
    expect(campaignWhyText(zh, { why: 'Campaign paused: …', whyCode: { code: 'template_recategorised' } })).toBe('Campaign paused: …');
    expect(campaignWhyText(zh, { why: 'All sending stopped: …', whyCode: { code: 'error_rule', params: { errorCode: 99999, action: 'stop_all' } } })).toBe('All sending stopped: …');
    expect(campaignWhyText(zh, { why: 'Could not resume: …', whyCode: { code: 'resume_failed', params: { refusals: ['mystery' as StartRefusal] } } })).toBe('Could not resume: …');
  });

  it('a refusal main did not give as a code keeps main’s text inside the person’s frame', () => {
    const ko = createTranslator('ko');
    const text = campaignWhyText(ko, { why: 'x', whyCode: { code: 'resume_failed', params: { detail: 'This campaign is being sent by another Shopcast (process 12).' } } });
    expect(text).toBe('Shopcast가 멈췄을 때 보내던 중이었는데, 이어서 보내지 못했어요. This campaign is being sent by another Shopcast (process 12).');
  });

  it.each(LANGUAGES)('every error that pauses a campaign or stops all sending has what-to-do words in %s', (lang) => {
    const dict: Readonly<Record<string, string>> = DICTIONARIES[lang];
    for (const [code, rule] of Object.entries(ERROR_TABLE)) {
      if (rule.action !== 'stop_all' && rule.action !== 'pause_campaign') continue;
      const key = errorTodoKey(Number(code));
      expect(key, code).toBeDefined();
      expect(dict[key ?? ''], `${lang} ${code}`).toMatch(/\S/);
    }
    expect(errorTodoKey(131026)).toBeUndefined();
  });
});

describe('the "all sending stopped" banner', () => {
  const stopAll = Object.entries(ERROR_TABLE).filter(([, r]) => r.action === 'stop_all');

  it.each(stopAll.flatMap(([code, rule]) => LANGUAGES.map((lang) => [Number(code), lang, rule] as const)))('%i in %s', (code, lang, rule) => {
    const text = stoppedText(createTranslator(lang), { code, why: rule.meaning, action: rule.whatToDo ?? '' });
    expect(text).toContain(`WhatsApp ${code}`);
    expect(text).not.toMatch(/[{}]/);
    if (lang !== 'en') {
      expect(text).not.toContain(rule.meaning);
      expect(withoutNames(text)).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it('a code this build does not know shows main’s English meaning and action in the person’s frame', () => {
    const text = stoppedText(createTranslator('ko'), { code: 99999, why: 'Something new.', action: 'Do this.' });
    expect(text).toBe('모든 발송이 멈췄어요: Something new. 할 일: Do this.');
  });
});

describe('why a message may or may not have been sent', () => {
  const CODES: { readonly [C in AmbiguousReasonCode]: Record<Language, string> } = {
    interrupted: {
      en: 'Shopcast stopped while this message was being sent: WhatsApp may or may not have it.',
      ko: '이 메시지를 보내는 중에 Shopcast가 멈췄어요. WhatsApp에 전달됐을 수도, 안 됐을 수도 있어요.',
      'zh-Hant': '傳送這則訊息時 Shopcast 停止了：WhatsApp 可能已收到，也可能沒有。',
    },
    journal_damaged: {
      en: 'Part of the send journal was damaged: Shopcast cannot tell whether this message went out.',
      ko: '발송 기록 일부가 손상돼서 이 메시지를 보냈는지 알 수 없어요.',
      'zh-Hant': '部分傳送紀錄已損毀：Shopcast 無法確定這則訊息是否已傳出。',
    },
    channel_failed: {
      en: 'Sending failed halfway: WhatsApp may or may not have this message.',
      ko: '보내는 도중에 문제가 생겼어요. WhatsApp에 전달됐을 수도, 안 됐을 수도 있어요.',
      'zh-Hant': '傳送到一半時出錯：WhatsApp 可能已收到這則訊息，也可能沒有。',
    },
  };
  it.each((Object.keys(CODES) as AmbiguousReasonCode[]).flatMap((code) => LANGUAGES.map((lang) => [code, lang] as const)))('%s in %s', (code, lang) => {
    expect(ambiguousText(createTranslator(lang), { reason: 'Main’s English.', reasonCode: code })).toBe(CODES[code][lang]);
  });

  it('a reason without a code (an older journal, the Cloud API’s own) is shown as main wrote it', () => {
    const ko = createTranslator('ko');
    expect(ambiguousText(ko, { reason: 'The connection ended before WhatsApp answered (ECONNRESET).' })).toBe('The connection ended before WhatsApp answered (ECONNRESET).');
    expect(ambiguousText(ko, { reason: '' })).toBeUndefined();
  });
});

/** Product and platform names stay as they are in every language; anything else in Latin letters is English left over. */
function withoutNames(text: string): string {
  return text.replace(/WhatsApp|Shopcast|Meta|Cloud API|API|ID|whatsapp_business_messaging|Business|App/g, '');
}

describe('why main refused to start a campaign (campaign:start failing with details.codes)', () => {
  const refusal = (codes: string | undefined) => ({ code: 'conflict' as const, message: 'This campaign cannot start: Its recipients have not all arrived.', ...(codes !== undefined ? { details: { codes } } : {}) });
  it.each(['ko', 'en', 'zh-Hant'] as const)('every refusal code has words in %s, joined in main’s order', (lang) => {
    const tr = createTranslator(lang);
    for (const code of START_REFUSALS) expect(startRefusalText(tr.t, refusal(code))).toBe(tr.t(`engine.refusal.${code}`));
    expect(startRefusalText(tr.t, refusal('incomplete,all_suppressed'))).toBe(`${tr.t('engine.refusal.incomplete')} ${tr.t('engine.refusal.all_suppressed')}`);
  });
  it('main’s own text when a code is unknown to this build or there are none', () => {
    const tr = createTranslator('ko');
    expect(startRefusalText(tr.t, refusal('incomplete,from_the_future'))).toBe('This campaign cannot start: Its recipients have not all arrived.');
    expect(startRefusalText(tr.t, refusal(undefined))).toBe('This campaign cannot start: Its recipients have not all arrived.');
    expect(startRefusalText(tr.t, refusal(''))).toBe('This campaign cannot start: Its recipients have not all arrived.');
  });
});
