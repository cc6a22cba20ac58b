/**
 * Message rendering for the campaign wizard: `{variables}` in text and captions, template body parameters
 * (`{{1}}`, `{{2}}`…) mapped to contact fields or fixed values, fallbacks for empty values, and the per-recipient
 * `vars` map main fills into the content (electron/services/campaigns.ts `fillContent`: `{key}` → vars[key]).
 *
 * DOMAIN.md §4: personalise with `{name}` and a fallback when it is missing ("Hi ," must never be sent).
 */
import type { NightConsent, OptInStatus } from '../contact';
import type { Language } from '../settings';

/** What the wizard knows of a contact (ContactRecord satisfies it). `fields` holds custom keys, when a shop has any. */
export interface CampaignContact {
  id: number;
  name: string;
  /** E.164; absent for a person known only by their WhatsApp user id. */
  phone?: string;
  /** The WhatsApp user id (BSUID): where a contact has no phone, the campaign addresses it (CampaignRecipientInput.userId). */
  userId?: string;
  labelIds: readonly number[];
  optInStatus: OptInStatus;
  optInSource: string;
  optInAt: number | null;
  notes: string;
  lastInteractionAt: number | null;
  /** Night-time consent for Korean promotions (contact.ts); missing or null: none. */
  nightConsent?: NightConsent | null;
  fields?: Readonly<Record<string, string>>;
}

/**
 * What a campaign addresses a contact by, and what caps, suppression, windows and duplicates are keyed on: the phone,
 * else the WhatsApp user id (main keys a user-id recipient the same way, DOMAIN.md §2 "Identity"); '' for neither.
 */
export function reachKey(c: { phone?: string; userId?: string }): string {
  return c.phone ?? c.userId ?? '';
}

/** Shop-wide values and lookups a variable may need. */
export interface RenderContext {
  shopName: string;
  /** Label id → name, for `{labels}`. */
  labelNames: ReadonlyMap<number, string>;
  /** How `{phone}` is written (the wizard passes formatPhone with the shop's country); the E.164 form otherwise. */
  formatPhone?: (e164: string) => string;
}

/** Per-variable text used when a recipient's value is empty (`{ name: '고객' }`). */
export type Fallbacks = Readonly<Record<string, string>>;

/** The built-in variables. Any other `{key}` is looked up in the contact's custom `fields`. */
export const BUILT_IN_VARIABLES = ['name', 'shop', 'phone', 'labels', 'label', 'notes', 'optInSource'] as const;
const BUILT_IN = new Set<string>(BUILT_IN_VARIABLES);

/** Main's contract allows vars keys of `\w{1,40}` (shared/ipc/sending.ts); `{{1}}` is a template placeholder, not a variable. */
const VARIABLE_RE = /(?<!\{)\{(\w{1,40})\}(?!\})/g;
const PLACEHOLDER_RE = /\{\{(\d{1,3})\}\}/g;

/** The `{name}` fallback in each language (DOMAIN.md §4): suggested in the wizard; main uses the message's language. */
export const SUGGESTED_NAME_FALLBACK: Readonly<Record<Language, string>> = { en: 'customer', ko: '고객', 'zh-Hant': '顧客' };

/** The variables a text uses, each once, in order of first use. */
export function variablesIn(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(VARIABLE_RE)) seen.add(m[1]!); // group 1 always matches
  return [...seen];
}

export function isKnownVariable(key: string): boolean {
  return BUILT_IN.has(key);
}

/**
 * A function giving one variable's raw value for a contact (empty string when it has none). Built once per
 * variable so a checklist over 100,000 recipients does no lookups by name per recipient.
 */
export function valueGetter(key: string, ctx: RenderContext): (c: CampaignContact) => string {
  switch (key) {
    case 'name':
      return (c) => c.name.trim();
    case 'shop': {
      const shop = ctx.shopName.trim();
      return () => shop;
    }
    case 'phone': {
      const format = ctx.formatPhone;
      return format ? (c) => (c.phone ? format(c.phone) : '') : (c) => c.phone ?? '';
    }
    case 'label':
    case 'labels':
      return (c) => {
        let out = '';
        for (const id of c.labelIds) {
          const n = ctx.labelNames.get(id);
          if (n) out = out === '' ? n : `${out}, ${n}`;
        }
        return out;
      };
    case 'notes':
      return (c) => c.notes.trim();
    case 'optInSource':
      return (c) => c.optInSource.trim();
    default:
      return (c) => c.fields?.[key]?.trim() ?? '';
  }
}

/** The value a recipient gets for `key`: their own, else the fallback, else undefined (unresolved). */
export function resolveVariable(key: string, c: CampaignContact, ctx: RenderContext, fallbacks: Fallbacks): string | undefined {
  return resolved(valueGetter(key, ctx)(c), fallbacks[key]);
}

function resolved(value: string, fallback: string | undefined): string | undefined {
  if (value !== '') return value;
  const f = fallback?.trim();
  return f ? f : undefined;
}

export interface Rendered {
  text: string;
  /** Variables with neither a value nor a fallback (left as `{key}` in `text`). */
  missing: string[];
}

/**
 * The one way `{variables}` are filled (the preview, quick replies, and main's per-recipient vars): each `{key}` is
 * `value(key)`, or stays as written (and is listed as missing) when that is undefined. `{{1}}` is never a variable.
 */
export function fillVariables(text: string, value: (key: string) => string | undefined): Rendered {
  const missing: string[] = [];
  const out = text.replace(VARIABLE_RE, (whole, key: string) => {
    const v = value(key);
    if (v === undefined) {
      if (!missing.includes(key)) missing.push(key);
      return whole;
    }
    return v;
  });
  return { text: out, missing };
}

/** Fills `{variables}` for one contact, as the customer will see it (the preview). */
export function renderText(text: string, c: CampaignContact, ctx: RenderContext, fallbacks: Fallbacks): Rendered {
  return fillVariables(text, (key) => resolveVariable(key, c, ctx, fallbacks));
}

/**
 * What main fills into a recipient's message from the `vars` the renderer computed: a value, else the fallback
 * (`{ name: '고객' }`), else the variable stays as written.
 */
export function fillFromVars(text: string, vars: Readonly<Record<string, string>> | undefined, fallbacks: Fallbacks): string {
  return fillVariables(text, (key) => resolved(vars?.[key] ?? '', fallbacks[key])).text;
}

// ── Templates ────────────────────────────────────────────────────────────────────────────────────────────────

/** What fills one `{{n}}`: a contact field (any variable name) or a fixed text, with a fallback for empty fields. */
export type TemplateParamSource = { kind: 'field'; field: string; fallback: string } | { kind: 'fixed'; value: string };

/** The var key main receives for template parameter n (1-based). */
export const paramVarKey = (n: number): string => `p${n}`;

/** The placeholders a template body uses, as numbers (`{{1}}` → 1), each once, ascending. */
export function placeholdersIn(body: string): number[] {
  const seen = new Set<number>();
  for (const m of body.matchAll(PLACEHOLDER_RE)) seen.add(Number(m[1]));
  return [...seen].sort((a, b) => a - b);
}

/**
 * Meta refuses a template parameter with a new line, a tab or more than 4 consecutive spaces ("Param text cannot
 * have new-line/tab characters or more than 4 consecutive spaces"). A contact's own field (notes typed over several
 * lines) is not the writer's to fix, so field values are flattened to single spaces; fixed values are checked by
 * the checklist (rule template_params) and flattened only by its fix, so the writer sees the change.
 */
export function flattenParam(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

export function isValidParamText(value: string): boolean {
  return value.trim() !== '' && !/[\n\r\t]| {5,}/.test(value);
}

/**
 * The body parameters for one contact: `bodyParams` as sent, and which (1-based) parameters have no value.
 * Unfilled ones are '' in `bodyParams`.
 */
export function renderTemplateParams(
  params: readonly TemplateParamSource[],
  c: CampaignContact,
  ctx: RenderContext,
): { bodyParams: string[]; missing: number[] } {
  const bodyParams: string[] = [];
  const missing: number[] = [];
  params.forEach((p, i) => {
    const v = p.kind === 'fixed' ? (p.value.trim() === '' ? undefined : p.value) : resolved(flattenParam(valueGetter(p.field, ctx)(c)), flattenParam(p.fallback));
    if (v === undefined) missing.push(i + 1);
    bodyParams.push(v ?? '');
  });
  return { bodyParams, missing };
}

/** The template body with `{{n}}` replaced by the parameters (unfilled ones stay as `{{n}}`): the preview. */
export function fillTemplateBody(body: string, bodyParams: readonly string[]): string {
  return body.replace(PLACEHOLDER_RE, (whole, n: string) => {
    const v = bodyParams[Number(n) - 1];
    return v === undefined || v === '' ? whole : v;
  });
}

/**
 * The campaign-wide `bodyParams` handed to main: fixed values as they are, field parameters as `{pN}` that main
 * fills from each recipient's vars (see recipientVars).
 */
export function templateContentParams(params: readonly TemplateParamSource[]): string[] {
  return params.map((p, i) => (p.kind === 'fixed' ? p.value : `{${paramVarKey(i + 1)}}`));
}

// ── Preview ──────────────────────────────────────────────────────────────────────────────────────────────────

/** What the customer sees in the chat bubble, for one contact. */
export interface Preview {
  header?: string;
  body: string;
  footer?: string;
  buttons?: string[];
  /** Variables (text) or `{{n}}` parameters (template) this contact has no value for. */
  missing: string[];
}

/**
 * The preview of a text (with its variables filled) or of a template (header, body with its parameters, footer,
 * buttons) for one contact. `template` is the synced TemplateInfo (header/footer/buttons), when a template is used.
 */
export function previewMessage(
  message: { kind: 'text'; body: string } | { kind: 'template'; params: readonly TemplateParamSource[] },
  c: CampaignContact,
  ctx: RenderContext,
  fallbacks: Fallbacks,
  template?: { body: string; header?: { text?: string }; footer?: string; buttons?: readonly { text: string }[] },
): Preview {
  if (message.kind === 'text') {
    const r = renderText(message.body, c, ctx, fallbacks);
    return { body: r.text, missing: r.missing };
  }
  const p = renderTemplateParams(message.params, c, ctx);
  const out: Preview = { body: fillTemplateBody(template?.body ?? '', p.bodyParams), missing: p.missing.map((n) => `{{${n}}}`) };
  if (template?.header?.text) out.header = template.header.text;
  if (template?.footer) out.footer = template.footer;
  if (template?.buttons?.length) out.buttons = template.buttons.map((b) => b.text);
  return out;
}

/** The contacts (ids) that leave at least one of the text's variables unfilled: "who would get {name}". */
export function unresolvedRecipients(contacts: Iterable<CampaignContact>, text: string, ctx: RenderContext, fallbacks: Fallbacks): number[] {
  const checks = variablesIn(text)
    .filter((key) => !fallbacks[key]?.trim())
    .map((key) => valueGetter(key, ctx));
  const out: number[] = [];
  if (checks.length === 0) return out;
  for (const c of contacts) if (checks.some((get) => get(c) === '')) out.push(c.id);
  return out;
}

// ── The vars each CampaignRecipientInput carries ─────────────────────────────────────────────────────────────

export interface VarsPlan {
  /** Variables of the text/caption (each needs a value or fallback). */
  textVariables: readonly string[];
  /** Template parameters (field ones become p1, p2…). */
  templateParams?: readonly TemplateParamSource[];
  fallbacks: Fallbacks;
}

/**
 * The `vars` for one recipient, values already resolved with their fallbacks (main only substitutes). An unresolved
 * variable is left out, so main leaves `{key}` visible rather than sending "Hi ,"; the checklist blocks such a campaign.
 * Returns undefined when there is nothing to fill.
 */
export function recipientVars(plan: VarsPlan, c: CampaignContact, ctx: RenderContext): Record<string, string> | undefined {
  let vars: Record<string, string> | undefined;
  for (const key of plan.textVariables) {
    const v = resolveVariable(key, c, ctx, plan.fallbacks);
    if (v !== undefined) (vars ??= {})[key] = v;
  }
  plan.templateParams?.forEach((p, i) => {
    if (p.kind !== 'field') return;
    const v = resolved(flattenParam(valueGetter(p.field, ctx)(c)), flattenParam(p.fallback));
    if (v !== undefined) (vars ??= {})[paramVarKey(i + 1)] = v;
  });
  return vars;
}
