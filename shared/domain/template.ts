/**
 * A WhatsApp message template as Meta keeps it (DOMAIN.md §2): main syncs them from the Graph API and the wizard's
 * rules (variables, costs, checklist) read them.
 */

export type TemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED' | 'IN_APPEAL' | 'UNKNOWN';
export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | 'UNKNOWN';

export interface TemplateInfo {
  id: string;
  name: string;
  language: string;
  status: TemplateStatus;
  category: TemplateCategory;
  /** The BODY component's text with its {{1}} … placeholders. */
  body: string;
  /** How many {{n}} the body has (parameters to fill, in order). */
  bodyParams: number;
  header?: { format: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION'; text?: string };
  footer?: string;
  buttons?: { type: string; text: string }[];
  syncedAt: number;
  /** Meta's quality of the template (GREEN/YELLOW/RED/UNKNOWN), from the last quality webhook. */
  quality?: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
  /** Why Meta changed its status (e.g. INCORRECT_CATEGORY), from the last status webhook. */
  statusReason?: string;
  /** When a webhook last changed it (its status, category or quality). */
  changedAt?: number;
}
