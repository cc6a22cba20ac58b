/**
 * The campaign as the wizard edits it (saved as a draft after every step), and how it becomes the
 * CampaignDraftInput main receives. The checklist reads it; its fixes return a changed copy (checklist.ts applyFix).
 */
import type { MediaType, MessageContent } from '../message';
import type { ChannelKind } from '../vocabulary';
import { templateContentParams, type Fallbacks, type TemplateParamSource } from './render';

/** A file attached to a text message (sent as a media message with the text as caption). */
export interface MediaAttachment {
  type: MediaType;
  /** The file's MIME type as the wizard read it ("image/jpeg"). */
  mime: string;
  sizeBytes: number;
  /** An https link or a Cloud API media id (one of them, once uploaded). */
  link?: string;
  id?: string;
  filename?: string;
}

export type MessageDraft =
  | { kind: 'text'; body: string; media?: MediaAttachment }
  | {
      kind: 'template';
      /** The synced template picked (name + language); its TemplateInfo is passed to the checklist. */
      name: string;
      language: string;
      params: TemplateParamSource[];
      headerMedia?: MediaAttachment;
    };

export interface CampaignDraft {
  name: string;
  channel: ChannelKind;
  promotional: boolean;
  message: MessageDraft;
  /** Version B of an A/B test. */
  messageB?: MessageDraft;
  /** Fallbacks for text variables (`{ name: '고객' }`). */
  fallbacks: Fallbacks;
  /** When to start; null: now. */
  scheduledAt: number | null;
  /** Contacts the person (or a checklist fix) took out of this campaign. */
  excludedContactIds: number[];
}

/** The MessageContent main sends, for version A or B. Media without a link or id yet is left for the upload step. */
export function toMessageContent(m: MessageDraft): MessageContent {
  if (m.kind === 'template') {
    const out: MessageContent = { kind: 'template', name: m.name, language: m.language, bodyParams: templateContentParams(m.params) };
    if (m.headerMedia && (m.headerMedia.link || m.headerMedia.id)) {
      out.headerMedia = { type: m.headerMedia.type, ...(m.headerMedia.id ? { id: m.headerMedia.id } : { link: m.headerMedia.link }) };
    }
    return out;
  }
  if (m.media) {
    const ref = m.media.id ? { id: m.media.id } : m.media.link ? { link: m.media.link } : {};
    const out: MessageContent = { kind: 'media', mediaType: m.media.type, ...ref };
    if (m.body.trim() !== '') out.caption = m.body;
    if (m.media.type === 'document' && m.media.filename) out.filename = m.media.filename;
    return out;
  }
  return { kind: 'text', body: m.body };
}
