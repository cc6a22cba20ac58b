/**
 * Which of the shop's templates the Inbox offers as an answer outside the 24-hour window, and the body parameters
 * the person fills (pure: TemplatePicker.tsx shows them, templateChoice.test.ts holds the rules as a table).
 *
 * Main's rule (electron/services/answers.ts `answerRefusal`): a customer on the suppression list gets no template
 * at all, so an opted-out customer is offered none. DOMAIN.md: promotion only to people who opted in, so a
 * marketing template (or one whose category Meta did not say) is held back unless the customer opted in. The
 * picker has no media field nor header or button parameters, so templates that need them are held back too
 * (the campaign wizard sends those).
 */
import { isValidParamText, placeholdersIn } from '../../../../shared/domain/campaign/render';
import type { OptInStatus } from '../../../../shared/domain/contact';
import type { TemplateInfo } from '../../../../shared/domain/template';

/** Why an approved template is not offered to this customer. */
export type HeldReason = 'opted_out' | 'marketing_without_opt_in' | 'authentication' | 'needs_media' | 'header_params';

export interface TemplateChoice {
  /** What the picker can show: `not_connected` (Cloud API first), `none_approved`, `opted_out`, or `ok`. */
  state: 'not_connected' | 'none_approved' | 'opted_out' | 'ok';
  offered: TemplateInfo[];
  /** Approved templates held back, with why (shown as counts). */
  held: { template: TemplateInfo; reason: HeldReason }[];
}

function heldReason(t: TemplateInfo, optIn: OptInStatus | undefined): HeldReason | undefined {
  if (optIn === 'opted_out') return 'opted_out';
  if (t.category === 'AUTHENTICATION') return 'authentication';
  if (t.header && t.header.format !== 'TEXT') return 'needs_media';
  if (t.header?.text !== undefined && placeholdersIn(t.header.text).length > 0) return 'header_params';
  if ((t.category === 'MARKETING' || t.category === 'UNKNOWN') && optIn !== 'opted_in') return 'marketing_without_opt_in';
  return undefined;
}

/**
 * The templates offered to one customer. `connected`: the Cloud API has its token and number (the Cloud channel
 * cannot send without it; on the Sandbox it only matters for having templates at all, since they come from Meta).
 * `optIn`: the contact's status, undefined when the customer is not saved as a contact. Sorted by name, then language.
 */
export function templateChoice(a: { templates: readonly TemplateInfo[]; connected: boolean; channel: 'cloud' | 'sandbox'; optIn: OptInStatus | undefined }): TemplateChoice {
  const approved = a.templates.filter((t) => t.status === 'APPROVED').sort((x, y) => x.name.localeCompare(y.name) || x.language.localeCompare(y.language));
  if ((a.channel === 'cloud' && !a.connected) || (approved.length === 0 && !a.connected)) return { state: 'not_connected', offered: [], held: [] };
  if (approved.length === 0) return { state: 'none_approved', offered: [], held: [] };
  const offered: TemplateInfo[] = [];
  const held: TemplateChoice['held'] = [];
  for (const t of approved) {
    const reason = heldReason(t, a.optIn);
    if (reason === undefined) offered.push(t);
    else held.push({ template: t, reason });
  }
  return { state: a.optIn === 'opted_out' ? 'opted_out' : 'ok', offered, held };
}

/** How many body parameters a template takes: its highest {{n}} (Meta numbers them 1…n), or what Meta said. */
export function paramCount(t: Pick<TemplateInfo, 'body' | 'bodyParams'>): number {
  return Math.max(t.bodyParams, ...placeholdersIn(t.body), 0);
}

/** The first values of the fields: the customer's name offered as {{1}}, the rest empty. */
export function initialParams(t: Pick<TemplateInfo, 'body' | 'bodyParams'>, customerName: string | undefined): string[] {
  const out = Array.from({ length: paramCount(t) }, () => '');
  const name = customerName?.trim() ?? '';
  if (out.length > 0 && name !== '') out[0] = name.replace(/\s+/g, ' ');
  return out;
}

/**
 * The (1-based) parameters Meta would refuse: empty, or with a new line, a tab or more than 4 spaces in a row.
 * Sending waits until there are none.
 */
export function paramProblems(params: readonly string[]): number[] {
  return params.flatMap((v, i) => (isValidParamText(v) ? [] : [i + 1]));
}
