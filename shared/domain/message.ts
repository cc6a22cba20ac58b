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
