/**
 * "What works now" on the Connect screen, from what main gives: the saved setup and its last connection test, the
 * synced templates, and the webhook receiver's status. Pure, so each state is tested with a table; nothing here
 * is guessed (no test yet means "not tested", not "works").
 */
import type { TemplateInfo } from '../../../../shared/domain/template';
import type { CloudSetupView } from '../../../../shared/ipc/cloud';
import type { WebhookStatus } from '../../../../shared/ipc/inbox';

export type SendingState =
  | { kind: 'missing'; phoneNumberId: boolean; accessToken: boolean }
  | { kind: 'untested' }
  | { kind: 'works'; at: number; number?: string }
  | { kind: 'failed'; at: number };

export type TemplatesState = { kind: 'noWaba' } | { kind: 'notSynced' } | { kind: 'none' } | { kind: 'some'; approved: number; total: number };

export type StatusesState =
  | { kind: 'loading' }
  | { kind: 'missing'; missing: readonly string[] }
  | { kind: 'off' }
  | { kind: 'waiting' }
  | { kind: 'arriving'; lastAt?: number };

export interface ConnectSummary {
  sending: SendingState;
  templates: TemplatesState;
  statuses: StatusesState;
}

export function summarize(view: CloudSetupView, templates: readonly TemplateInfo[] | null, webhook: WebhookStatus | null): ConnectSummary {
  return { sending: sendingOf(view), templates: templatesOf(view, templates), statuses: statusesOf(webhook) };
}

function sendingOf(view: CloudSetupView): SendingState {
  const phoneNumberId = view.phoneNumberId === '';
  const accessToken = !view.hasAccessToken;
  if (phoneNumberId || accessToken) return { kind: 'missing', phoneNumberId, accessToken };
  // Main drops the last test when the number, account, server or token changes, so a test here is of this setup.
  const test = view.lastTest;
  if (!test) return { kind: 'untested' };
  if (!test.ok) return { kind: 'failed', at: test.at };
  return test.displayPhoneNumber !== undefined ? { kind: 'works', at: test.at, number: test.displayPhoneNumber } : { kind: 'works', at: test.at };
}

function templatesOf(view: CloudSetupView, templates: readonly TemplateInfo[] | null): TemplatesState {
  if (view.wabaId === '') return { kind: 'noWaba' };
  if (!templates || templates.length === 0) return view.lastTest?.ok ? { kind: 'none' } : { kind: 'notSynced' };
  return { kind: 'some', approved: templates.filter((t) => t.status === 'APPROVED').length, total: templates.length };
}

function statusesOf(status: WebhookStatus | null): StatusesState {
  if (!status) return { kind: 'loading' };
  if (!status.running && status.missing.length > 0) return { kind: 'missing', missing: status.missing };
  if (!status.running) return { kind: 'off' };
  if (status.lastEventAt === undefined && status.stats.accepted === 0) return { kind: 'waiting' };
  return status.lastEventAt !== undefined ? { kind: 'arriving', lastAt: status.lastEventAt } : { kind: 'arriving' };
}
