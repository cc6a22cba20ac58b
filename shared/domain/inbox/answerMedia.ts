/**
 * A picture, video or document link in an answer from the Inbox (issue 14 point 3): the person pastes an https link
 * WhatsApp fetches (DOMAIN.md §2: media by link), an optional caption, and the kind (picked, else guessed from the
 * link's file extension). Checked here before main gets it (main's `parseMessageContent` checks again); the result is
 * a `MessageContent` of kind `media`. Pure.
 *
 * WhatsApp's size limits (image 5 MB, video 16 MB, document 100 MB) cannot be checked from a link: a file that is too
 * large or of the wrong type fails with 131053 after sending, shown with the answer like other failures.
 * Audio links are recognised but not offered: the message content has no audio kind yet.
 */
import { CAPTION_MAX, type MediaType, type MessageContent } from '../message';

export const MEDIA_LINK_MAX = 2_000;

const BY_EXTENSION: Readonly<Record<string, MediaType | 'audio'>> = {
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  mp4: 'video',
  '3gp': 'video',
  '3gpp': 'video',
  pdf: 'document',
  doc: 'document',
  docx: 'document',
  xls: 'document',
  xlsx: 'document',
  ppt: 'document',
  pptx: 'document',
  txt: 'document',
  mp3: 'audio',
  m4a: 'audio',
  aac: 'audio',
  amr: 'audio',
  ogg: 'audio',
  opus: 'audio',
};

/** Why a media link cannot be sent as it is. */
export type MediaLinkProblem = 'empty' | 'not_a_link' | 'not_https' | 'too_long' | 'caption_too_long' | 'pick_type' | 'audio';

/** The link's file name (the last path segment, decoded), when it has one. */
export function linkFileName(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  const last = url.pathname.split('/').pop() ?? '';
  if (last === '') return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The kind a link's extension says (`audio` for sound files, which cannot be sent yet), else undefined. */
export function guessMediaType(link: string): MediaType | 'audio' | undefined {
  const name = linkFileName(link);
  const dot = name?.lastIndexOf('.') ?? -1;
  if (name === undefined || dot < 0) return undefined;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

/**
 * The media answer for a link, caption and the kind the person picked (undefined: guessed from the link), or why not.
 * A document keeps the link's file name, so the customer sees "menu.pdf" rather than a blank name.
 */
export function mediaAnswer(input: { link: string; caption: string; type?: MediaType }): { ok: true; content: Extract<MessageContent, { kind: 'media' }> } | { ok: false; problem: MediaLinkProblem } {
  const link = input.link.trim();
  if (link === '') return { ok: false, problem: 'empty' };
  if (link.length > MEDIA_LINK_MAX) return { ok: false, problem: 'too_long' };
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { ok: false, problem: 'not_a_link' };
  }
  if (/\s/.test(link) || url.hostname === '') return { ok: false, problem: 'not_a_link' };
  if (url.protocol !== 'https:') return { ok: false, problem: url.protocol === 'http:' ? 'not_https' : 'not_a_link' };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'not_a_link' };
  if (input.caption.length > CAPTION_MAX) return { ok: false, problem: 'caption_too_long' };
  const guessed = guessMediaType(link);
  const type = input.type ?? guessed;
  if (type === 'audio') return { ok: false, problem: 'audio' };
  if (type === undefined) return { ok: false, problem: 'pick_type' };
  const content: Extract<MessageContent, { kind: 'media' }> = { kind: 'media', mediaType: type, link };
  if (input.caption.trim() !== '') content.caption = input.caption;
  const name = linkFileName(link);
  if (type === 'document' && name !== undefined && name.length <= 240) content.filename = name;
  return { ok: true, content };
}
