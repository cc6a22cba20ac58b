/**
 * The Automation screen in the IPC contract (issue 15): the rules in force with their counters and the month's cost
 * estimate (`automation:get`), saving the whole rule set (`automation:set`), and trying a message against the rules
 * without sending anything (`automation:try`); and which labels each customer carries (`automation:labels`), told by
 * the renderer (its contacts live in IndexedDB) so a rule with a label condition can answer in main.
 *
 * The rules cross the boundary in the file format (`exportAutomation`'s JSON object, unknown fields kept), never as
 * `AutomationRules`: main checks what it receives with `parseAutomation`, the same reader as the file's, so a set the
 * screen built and a file a person edited are refused for the same reasons, with the same line and path.
 */
import type { AutomationProblem, AutomationWarning } from '../domain/automation/rules';
import { AUTO_TEXT_MAX, LABEL_MAX } from '../domain/automation/rules';
import type { AutomationPause, AutomationRefusal } from '../domain/automation/safety';
import { isRecord, rejectUnknownKeys, type Parser } from '../lib/guards';
import { fail, ok } from '../lib/result';

/** A rules file is a few kilobytes; anything larger than this is not a rule set (the CLI's import has the same limit). */
export const AUTOMATION_SET_MAX_CHARS = 5 * 1024 * 1024;
/** The counters' and the cost estimate's recent stretch. */
export const AUTOMATION_RECENT_DAYS = 30;

/** A JSON object in the rules file's format. */
export type AutomationFile = Record<string, unknown>;

/** How often one rule answered: keyed by `sourceKey` (`keyword:<name>`, `greeting`, `away`). */
export interface AutomationRuleCount {
  recent: number;
  total: number;
}

/**
 * The month's cost estimate: automatic answers sent through the Cloud API in the last 30 days, each priced as a
 * service message in its country with the shop's rate table (Settings → Prices). An estimate: WhatsApp's invoice
 * is what the shop pays.
 */
export interface AutomationCost {
  answers: number;
  total: number;
  currency: string;
  /** The rate table's date. */
  asOf: string;
  /** Whether the shop's own table was used (else Shopcast's starting figures). */
  ownRates: boolean;
}

export interface AutomationView {
  /** The rules in force, in the file format (an empty set when there is no file or it is damaged). */
  rules: AutomationFile;
  /** Whether `<data>/automation.json` exists. */
  exists: boolean;
  /** The file's problems when it is damaged: automation is off until it is fixed or replaced. */
  problems: AutomationProblem[];
  warnings: AutomationWarning[];
  counts: Record<string, AutomationRuleCount>;
  cost: AutomationCost;
  /** Main's clock when the view was made (the counters' "last 30 days" end here). */
  at: number;
  /** The engine's breakers hold automation on the Cloud API now (`automationPause`); absent when they do not. */
  pause?: AutomationPauseView;
}

/**
 * Why automation is paused, and since when: `account_restricted` (an account-level error stopped sending; it holds
 * until a person starts or resumes a campaign; `code` is WhatsApp's error code when it gave one) or `error_rate`
 * (too many automated answers failed: held from the latest failure `since` until `until`, an hour later).
 */
export interface AutomationPauseView {
  reason: AutomationPause;
  since: number;
  until?: number;
  code?: number;
}

export type AutomationSaveResult = { saved: true; view: AutomationView } | { saved: false; problems: AutomationProblem[] };

export interface AutomationTryInput {
  text: string;
  /** The instant the pretend message arrives (business hours are read at it); main's now when absent. */
  at?: number;
  /** Whether the pretend customer writes for the first time (greeting, "first message only"); true when absent. */
  firstMessage?: boolean;
  /** The pretend customer's label names (rules' label conditions); none when absent. */
  labels?: string[];
}

export type AutomationTryResult =
  | {
      send: true;
      /** `keyword:<name>`, `greeting` or `away`. */
      source: string;
      kind: 'keyword' | 'greeting' | 'away';
      rule?: string;
      keyword?: string;
      /** What would be sent: `{opens}` filled; `{name}` and the other variables as the rule has them. */
      text: string;
      open: boolean | null;
    }
  | {
      send: false;
      refusal: AutomationRefusal;
      /** A rule that is switched off would have answered. */
      offRule?: string;
      /** Whether the shop is open at that instant (null: no business hours). */
      open: boolean | null;
    };

export const parseAutomationSet: Parser<{ rules: AutomationFile }> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { rules }.');
  const known = rejectUnknownKeys(input, ['rules']);
  if (!known.ok) return known;
  if (!isRecord(input.rules)) return fail('invalid_input', 'rules must be an object in the automation file format.', { field: 'rules' });
  let size: number;
  try {
    size = JSON.stringify(input.rules).length;
  } catch {
    return fail('invalid_input', 'rules must be plain JSON.', { field: 'rules' });
  }
  if (size > AUTOMATION_SET_MAX_CHARS) return fail('invalid_input', `rules are larger than ${AUTOMATION_SET_MAX_CHARS} characters.`, { field: 'rules' });
  return ok({ rules: input.rules });
};

export const parseAutomationTry: Parser<AutomationTryInput> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { text, at?, firstMessage?, labels? }.');
  const known = rejectUnknownKeys(input, ['text', 'at', 'firstMessage', 'labels']);
  if (!known.ok) return known;
  if (typeof input.text !== 'string' || input.text.trim() === '' || input.text.length > AUTO_TEXT_MAX) return fail('invalid_input', `text must be a message of 1 to ${AUTO_TEXT_MAX} characters.`, { field: 'text' });
  const out: AutomationTryInput = { text: input.text };
  if (input.at !== undefined) {
    if (typeof input.at !== 'number' || !Number.isSafeInteger(input.at) || input.at < 0) return fail('invalid_input', 'at must be an instant in milliseconds.', { field: 'at' });
    out.at = input.at;
  }
  if (input.firstMessage !== undefined) {
    if (typeof input.firstMessage !== 'boolean') return fail('invalid_input', 'firstMessage must be true or false.', { field: 'firstMessage' });
    out.firstMessage = input.firstMessage;
  }
  if (input.labels !== undefined) {
    const labels = input.labels;
    if (!Array.isArray(labels) || labels.length > LABELS_PER_CONTACT_MAX || !labels.every((l) => typeof l === 'string' && l.trim() !== '' && l.trim().length <= LABEL_MAX))
      return fail('invalid_input', `labels must be a list of at most ${LABELS_PER_CONTACT_MAX} label names of 1 to ${LABEL_MAX} characters.`, { field: 'labels' });
    out.labels = labels.map((l: string) => l.trim());
  }
  return ok(out);
};

// ── automation:labels ────────────────────────────────────────────────────────────────────────────────────────

/** One customer's labels (by name), known by E.164 phone, WhatsApp user id, or both. */
export interface ContactLabelsEntry {
  phone?: string;
  userId?: string;
  labels: string[];
}

/** The whole map: it replaces what main had (never merged), so a label taken off a contact is gone in main too. */
export interface ContactLabelsInput {
  entries: ContactLabelsEntry[];
}

/** Only contacts with at least one label are sent; a shop of 10,000 contacts stays far below this. */
export const CONTACT_LABELS_MAX_ENTRIES = 100_000;
export const LABELS_PER_CONTACT_MAX = 100;
export const USER_ID_MAX = 128;
const E164 = /^\+[1-9]\d{6,14}$/;

export const parseContactLabels: Parser<ContactLabelsInput> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { entries }.');
  const known = rejectUnknownKeys(input, ['entries']);
  if (!known.ok) return known;
  if (!Array.isArray(input.entries)) return fail('invalid_input', 'entries must be a list of { phone?, userId?, labels }.', { field: 'entries' });
  if (input.entries.length > CONTACT_LABELS_MAX_ENTRIES) return fail('invalid_input', `entries has more than ${CONTACT_LABELS_MAX_ENTRIES} contacts.`, { field: 'entries' });
  const entries: ContactLabelsEntry[] = [];
  for (let i = 0; i < input.entries.length; i++) {
    const e: unknown = input.entries[i];
    const field = `entries[${i}]`;
    if (!isRecord(e)) return fail('invalid_input', `${field} must be { phone?, userId?, labels }.`, { field });
    for (const key of Object.keys(e)) if (key !== 'phone' && key !== 'userId' && key !== 'labels') return fail('invalid_input', `Unknown field "${key}".`, { field: `${field}.${key}` });
    const out: ContactLabelsEntry = { labels: [] };
    if (e.phone !== undefined) {
      if (typeof e.phone !== 'string' || !E164.test(e.phone)) return fail('invalid_input', `${field}.phone must be an E.164 number such as +821012345678.`, { field: `${field}.phone` });
      out.phone = e.phone;
    }
    if (e.userId !== undefined) {
      if (typeof e.userId !== 'string' || e.userId.trim() === '' || e.userId.length > USER_ID_MAX) return fail('invalid_input', `${field}.userId must be a WhatsApp user id of 1 to ${USER_ID_MAX} characters.`, { field: `${field}.userId` });
      out.userId = e.userId;
    }
    if (out.phone === undefined && out.userId === undefined) return fail('invalid_input', `${field} needs a phone or a userId.`, { field });
    if (!Array.isArray(e.labels) || e.labels.length === 0 || e.labels.length > LABELS_PER_CONTACT_MAX) return fail('invalid_input', `${field}.labels must be a list of 1 to ${LABELS_PER_CONTACT_MAX} label names.`, { field: `${field}.labels` });
    for (const l of e.labels as unknown[]) {
      if (typeof l !== 'string' || l.trim() === '' || l.trim().length > LABEL_MAX) return fail('invalid_input', `${field}.labels must be label names of 1 to ${LABEL_MAX} characters.`, { field: `${field}.labels` });
      out.labels.push(l.trim());
    }
    entries.push(out);
  }
  return ok({ entries });
};
