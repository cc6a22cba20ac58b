/**
 * What one campaign message says (`MessageContent`, shared/domain/message.ts), parsed from `unknown`: a text, a media
 * message with an https link or an uploaded media id, or a template with its body parameters.
 */
import { CAPTION_MAX, TEMPLATE_BODY_MAX, TEXT_BODY_MAX, type MediaType, type MessageContent } from '../domain/message';
import { isRecord, parseOneOf, parseString, rejectUnknownKeys } from '../lib/guards';
import { fail, ok, type Result } from '../lib/result';

const HTTPS_RE = /^https:\/\/[^\s]+$/;

function parseMediaRef(input: Record<string, unknown>, field: string): Result<{ link?: string; id?: string }> {
  if (typeof input.id === 'string' && /^[0-9A-Za-z_.-]{1,128}$/.test(input.id)) return ok({ id: input.id });
  if (typeof input.link === 'string' && input.link.length <= 2_000 && HTTPS_RE.test(input.link)) return ok({ link: input.link });
  return fail('invalid_input', `${field}: media needs an https link or an uploaded media id.`, { field });
}

const MEDIA_TYPES: readonly MediaType[] = ['image', 'video', 'document'];

export function parseMessageContent(input: unknown, field = 'content'): Result<MessageContent> {
  if (!isRecord(input)) return fail('invalid_input', `${field} must be an object.`, { field });
  if (input.kind === 'text') {
    const known = rejectUnknownKeys(input, ['kind', 'body', 'previewUrl']);
    if (!known.ok) return known;
    const body = parseString(input.body, `${field}.body`, { min: 1, max: TEXT_BODY_MAX, trim: false });
    if (!body.ok) return body;
    if (body.value.trim() === '') return fail('invalid_input', `${field}.body is empty.`, { field });
    return ok(input.previewUrl === true ? { kind: 'text', body: body.value, previewUrl: true } : { kind: 'text', body: body.value });
  }
  if (input.kind === 'media') {
    const known = rejectUnknownKeys(input, ['kind', 'mediaType', 'link', 'id', 'caption', 'filename']);
    if (!known.ok) return known;
    const type = parseOneOf(input.mediaType, `${field}.mediaType`, MEDIA_TYPES);
    if (!type.ok) return type;
    const ref = parseMediaRef(input, field);
    if (!ref.ok) return ref;
    const out: MessageContent = { kind: 'media', mediaType: type.value, ...ref.value };
    if (input.caption !== undefined) {
      const caption = parseString(input.caption, `${field}.caption`, { max: CAPTION_MAX, trim: false });
      if (!caption.ok) return caption;
      out.caption = caption.value;
    }
    if (input.filename !== undefined) {
      const name = parseString(input.filename, `${field}.filename`, { min: 1, max: 240 });
      if (!name.ok) return name;
      out.filename = name.value;
    }
    return ok(out);
  }
  if (input.kind === 'template') {
    const known = rejectUnknownKeys(input, ['kind', 'name', 'language', 'bodyParams', 'headerMedia']);
    if (!known.ok) return known;
    const name = parseString(input.name, `${field}.name`, { min: 1, max: 512 });
    if (!name.ok) return name;
    if (!/^[a-z0-9_]+$/.test(name.value)) return fail('invalid_input', `${field}.name must be a template name (a-z, 0-9, _).`, { field });
    const language = parseString(input.language, `${field}.language`, { min: 2, max: 15 });
    if (!language.ok) return language;
    if (!Array.isArray(input.bodyParams) || input.bodyParams.length > 100) return fail('invalid_input', `${field}.bodyParams must be a list.`, { field });
    const params: string[] = [];
    for (const p of input.bodyParams) {
      const r = parseString(p, `${field}.bodyParams`, { max: TEMPLATE_BODY_MAX, trim: false });
      if (!r.ok) return r;
      params.push(r.value);
    }
    const out: MessageContent = { kind: 'template', name: name.value, language: language.value, bodyParams: params };
    if (input.headerMedia !== undefined) {
      if (!isRecord(input.headerMedia)) return fail('invalid_input', `${field}.headerMedia must be an object.`, { field });
      const type = parseOneOf(input.headerMedia.type, `${field}.headerMedia.type`, MEDIA_TYPES);
      if (!type.ok) return type;
      const ref = parseMediaRef(input.headerMedia, `${field}.headerMedia`);
      if (!ref.ok) return ref;
      out.headerMedia = { type: type.value, ...ref.value };
    }
    return ok(out);
  }
  return fail('invalid_input', `${field}.kind must be text, media or template.`, { field });
}
