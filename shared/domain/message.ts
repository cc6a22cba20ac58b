/**
 * What one campaign message says, shared by the renderer (composer, preview, checklist) and main (transports).
 * Text and media captions may hold `{variables}` filled per recipient; template body parameters likewise.
 */

export type MediaType = 'image' | 'video' | 'document';

export type MessageContent =
  | { kind: 'text'; body: string; previewUrl?: boolean }
  | {
      kind: 'template';
      name: string;
      language: string;
      /** Positional body parameters filling {{1}}, {{2}}, … in order. */
      bodyParams: string[];
      /** For templates with a media header: the media by link (https) or by uploaded id. */
      headerMedia?: { type: MediaType; link?: string; id?: string };
    }
  | {
      kind: 'media';
      mediaType: MediaType;
      /** An https link WhatsApp fetches, or an id from the Cloud API's media upload. */
      link?: string;
      id?: string;
      caption?: string;
      /** For documents: the file name the customer sees. */
      filename?: string;
    };

/** WhatsApp's limits (DOMAIN.md §2). */
export const TEXT_BODY_MAX = 4_096;
export const CAPTION_MAX = 1_024;
export const TEMPLATE_BODY_MAX = 1_024;

/**
 * What makes two campaigns "the same content" (DOMAIN.md §4: the same content at most once per contact, not more than
 * three times a day overall): the words as the shop wrote them, before `{variables}` are filled, so "Hi {name}, …"
 * sent twice is the same however each customer's copy reads. Spaces and case do not make it new. A short hash
 * (two 32-bit FNV-1a) so summaries stay small; equal content always gives equal keys.
 */
export function contentKey(content: MessageContent): string {
  const norm = (s: string | undefined) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  const text =
    content.kind === 'text'
      ? `text|${norm(content.body)}`
      : content.kind === 'template'
        ? `template|${content.name}|${content.language}|${content.bodyParams.map(norm).join('|')}|${content.headerMedia?.link ?? content.headerMedia?.id ?? ''}`
        : `media|${content.mediaType}|${content.link ?? content.id ?? ''}|${norm(content.caption)}`;
  return `${fnv1a(text, 0x811c9dc5)}${fnv1a(text, 0x01000193)}`;
}

function fnv1a(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
