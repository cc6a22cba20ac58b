/**
 * Why the core refused or failed a request, as a stable code with parameters (issue 12 point 3): main throws
 * `AppFailure(code, english, problem('campaign_ended', { state }))`, the English stays for logs and the CLI, and the
 * renderer words the code in the person's language (renderer/src/components/errorMessage.ts). Parameters are
 * scalars (they travel in `AppError.details`).
 */
export const PROBLEMS = [
  'folder_in_use',
  'closing',
  'not_ready',
  'campaign_not_found',
  'campaign_ended',
  'recipients_incomplete',
  'campaign_locked',
  'cannot_schedule',
  'too_many_recipients',
  'already_sealed',
  'not_waiting_decision',
  'assisted_not_waiting',
  'chat_open_failed',
  'webhook_port_in_use',
  'webhook_failed',
  'webhook_needs_secrets',
  'cloud_not_connected',
  'links_forbidden',
  'save_failed',
] as const;
export type Problem = (typeof PROBLEMS)[number];

export type ProblemParams = Readonly<Record<string, string | number>>;

/** The `details` of an AppFailure that carries a problem code (merge other details in with spread). */
export function problem(code: Problem, params: ProblemParams = {}): Record<string, string | number> {
  return { ...params, problem: code };
}

/** The problem code in an error's details, when it is one this build knows. */
export function problemOf(details: Readonly<Record<string, string | number | boolean>> | undefined): Problem | undefined {
  const p = details?.problem;
  return typeof p === 'string' && (PROBLEMS as readonly string[]).includes(p) ? (p as Problem) : undefined; // checked against the list
}
