/**
 * The Automation screen's draft: the rule set as the form edits it (words as typed, days as time pairs), turned into
 * the rules file's format (`toFile`) for `automation:set` and for Export, and back (`fromRules`).
 *
 * The draft lives in a small store outside the screen and is mirrored to localStorage, so going to another screen
 * (or reloading the window) keeps unsaved changes; an undo of a deleted rule works after the screen has closed too.
 * Fields this version does not know are carried on every object and written back, as the file format promises.
 */
import { create } from 'zustand';
import { WEEKDAYS, type AutomationRules, type Extra, type MatchKind, type Weekday } from '../../../../shared/domain/automation/rules';
import { DEFAULT_AFTER_DAYS } from '../../../../shared/domain/automation/rules';
import type { AutomationFile } from '../../../../shared/ipc/automation';

export interface RuleDraft {
  key: number;
  name: string;
  /** As typed: words separated by commas (or new lines). */
  words: string;
  match: MatchKind;
  reply: string;
  /** Answers with this quick reply (IndexedDB) instead of `reply`; its text and shortcut are stored in the rule on save. */
  quickReplyId?: string;
  /** The quick reply's text and shortcut as last stored in the rule (what main sends if the quick reply is gone here). */
  quickReplyText?: string;
  quickReplyShortcut?: string;
  firstMessageOnly: boolean;
  enabled: boolean;
  /** The rule answers only customers with one of these labels (by name; main knows each customer's from the contacts). */
  labels?: readonly string[];
  extra?: Extra;
  conditionsExtra?: Extra;
  replyExtra?: Extra;
}

export interface MessageDraft {
  enabled: boolean;
  text: string;
  extra?: Extra;
}

export interface HoursDraft {
  enabled: boolean;
  timeZone: string;
  days: Record<Weekday, Array<[string, string]>>;
  holidays: string[];
  closedToday: string | null;
  extra?: Extra;
}

export interface Draft {
  rules: RuleDraft[];
  greeting: MessageDraft & { afterDays: string };
  away: MessageDraft;
  hours: HoursDraft;
  extra?: Extra;
}

let nextKey = 1;
export const newKey = (): number => nextKey++;

const DEFAULT_DAY: Array<[string, string]> = [['10:00', '19:00']];

function defaultDays(): Record<Weekday, Array<[string, string]>> {
  const days = {} as Record<Weekday, Array<[string, string]>>;
  for (const d of WEEKDAYS) days[d] = d === 'sun' ? [] : DEFAULT_DAY.map((r) => [r[0], r[1]]);
  return days;
}

/** The form's draft of a rule set (the file's, as `parseAutomation` read it). */
export function fromRules(rules: AutomationRules, defaultZone: string): Draft {
  const h = rules.businessHours;
  const days = {} as Record<Weekday, Array<[string, string]>>;
  for (const d of WEEKDAYS) days[d] = (h?.days[d] ?? []).map((r) => [r[0], r[1]]);
  return {
    rules: rules.keywordReplies.map((r) => ({
      key: newKey(),
      name: r.name,
      words: r.keywords.join(', '),
      match: r.match,
      reply: typeof r.reply === 'string' ? r.reply : '',
      ...(typeof r.reply !== 'string'
        ? {
            quickReplyId: r.reply.quickReplyId,
            ...(r.reply.text !== undefined ? { quickReplyText: r.reply.text } : {}),
            ...(r.reply.shortcut !== undefined ? { quickReplyShortcut: r.reply.shortcut } : {}),
            ...(r.reply.extra ? { replyExtra: r.reply.extra } : {}),
          }
        : {}),
      firstMessageOnly: r.conditions?.firstMessageOnly === true,
      enabled: r.enabled,
      ...(r.conditions?.labels ? { labels: r.conditions.labels } : {}),
      ...(r.extra ? { extra: r.extra } : {}),
      ...(r.conditions?.extra ? { conditionsExtra: r.conditions.extra } : {}),
    })),
    greeting: { enabled: rules.greeting?.enabled ?? false, text: rules.greeting?.text ?? '', afterDays: String(rules.greeting?.afterDays ?? DEFAULT_AFTER_DAYS), ...(rules.greeting?.extra ? { extra: rules.greeting.extra } : {}) },
    away: { enabled: rules.away?.enabled ?? false, text: rules.away?.text ?? '', ...(rules.away?.extra ? { extra: rules.away.extra } : {}) },
    hours: h
      ? { enabled: true, timeZone: h.timeZone, days, holidays: [...h.holidays], closedToday: h.closedToday, ...(h.extra ? { extra: h.extra } : {}) }
      : { enabled: false, timeZone: defaultZone, days: defaultDays(), holidays: [], closedToday: null },
    ...(rules.extra ? { extra: rules.extra } : {}),
  };
}

/** Words as typed → the rule's keywords (commas, Chinese and Japanese commas and new lines separate). */
export function wordsOf(typed: string): string[] {
  return typed
    .split(/[,，、\n]/)
    .map((w) => w.trim())
    .filter((w) => w !== '');
}

/** A quick reply as the renderer has it now (IndexedDB), by id. */
export type QuickReplyTexts = ReadonlyMap<string, { shortcut: string; text: string }>;

/**
 * The draft in the rules file's format. What the form cannot check (a bad time, an empty word list) is left for
 * `parseAutomation`, which names it. A quick-reply answer takes the quick reply's current text and shortcut from
 * `quick` (main cannot read IndexedDB), else keeps what the rule stored last time.
 */
export function toFile(d: Draft, quick: QuickReplyTexts = new Map()): AutomationFile {
  const afterDays = Number(d.greeting.afterDays.trim());
  const file: AutomationFile = {
    keywordReplies: d.rules.map((r, i) => {
      const now = r.quickReplyId !== undefined ? quick.get(r.quickReplyId) : undefined;
      const text = now?.text ?? r.quickReplyText;
      const shortcut = now?.shortcut ?? r.quickReplyShortcut;
      const reply = r.quickReplyId !== undefined ? { quickReplyId: r.quickReplyId, ...(text !== undefined ? { text } : {}), ...(shortcut !== undefined ? { shortcut } : {}), ...(r.replyExtra ?? {}) } : r.reply;
      const conditions = r.firstMessageOnly || r.labels !== undefined || r.conditionsExtra !== undefined ? { ...(r.labels ? { labels: [...r.labels] } : {}), ...(r.firstMessageOnly ? { firstMessageOnly: true } : {}), ...(r.conditionsExtra ?? {}) } : undefined;
      return { name: r.name, keywords: wordsOf(r.words), match: r.match, reply, ...(conditions ? { conditions } : {}), enabled: r.enabled, order: i, ...(r.extra ?? {}) };
    }),
    greeting: { enabled: d.greeting.enabled, text: d.greeting.text, afterDays: d.greeting.afterDays.trim() === '' || !Number.isFinite(afterDays) ? d.greeting.afterDays : afterDays, ...(d.greeting.extra ?? {}) },
    away: { enabled: d.away.enabled, text: d.away.text, ...(d.away.extra ?? {}) },
  };
  if (d.hours.enabled) {
    const days: Record<string, string[][]> = {};
    for (const day of WEEKDAYS) days[day] = d.hours.days[day].map((r) => [r[0], r[1]]);
    file.businessHours = { timeZone: d.hours.timeZone.trim(), days, holidays: [...d.hours.holidays], closedToday: d.hours.closedToday, ...(d.hours.extra ?? {}) };
  }
  return { ...file, ...(d.extra ?? {}) };
}

// ── The store ────────────────────────────────────────────────────────────────────────────────────────────────

const STORAGE_KEY = 'shopcast.automation.draft';

interface Stored {
  draft: Draft;
  /** The saved rules the draft started from, in the file format (JSON): the draft is unsaved while it differs. */
  baseline: string;
}

export interface DraftStore {
  draft: Draft | null;
  baseline: string | null;
  /** Start from the saved rules, unless an unsaved draft is kept. */
  load(saved: Draft, keepDraft: boolean): void;
  edit(change: (d: Draft) => Draft): void;
  /** The rules were saved (or discarded back to): the draft is the saved state again. */
  reset(saved: Draft): void;
}

function readStored(): Stored | null {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (raw === null) return null;
    const s = JSON.parse(raw) as Stored; // written by this module only; checked below
    if (typeof s !== 'object' || s === null || typeof s.baseline !== 'string' || typeof s.draft !== 'object' || !Array.isArray(s.draft?.rules)) return null;
    for (const r of s.draft.rules) nextKey = Math.max(nextKey, r.key + 1);
    return s;
  } catch {
    return null;
  }
}

function writeStored(s: Stored | null): void {
  try {
    if (s === null) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, JSON.stringify(s));
  } catch {
    // A full or blocked storage keeps the draft in memory only.
  }
}

export const baselineOf = (d: Draft): string => JSON.stringify(toFile(d));
export const isDirty = (s: Pick<DraftStore, 'draft' | 'baseline'>): boolean => s.draft !== null && s.baseline !== null && baselineOf(s.draft) !== s.baseline;

export const useAutomationDraft = create<DraftStore>((set, get) => ({
  draft: null,
  baseline: null,
  load: (saved, keepDraft) => {
    const current = get();
    if (keepDraft && current.draft !== null && isDirty(current)) return;
    const stored = keepDraft ? readStored() : null;
    if (stored && baselineOf(stored.draft) !== stored.baseline) set({ draft: stored.draft, baseline: baselineOf(saved) });
    else set({ draft: saved, baseline: baselineOf(saved) });
  },
  edit: (change) => {
    const { draft, baseline } = get();
    if (draft === null || baseline === null) return;
    const next = change(draft);
    set({ draft: next });
    writeStored(baselineOf(next) !== baseline ? { draft: next, baseline } : null);
  },
  reset: (saved) => {
    set({ draft: saved, baseline: baselineOf(saved) });
    writeStored(null);
  },
}));
