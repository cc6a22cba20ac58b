/**
 * The browser host's WebSocket frames, one definition for both ends (electron/host/server.ts and
 * renderer/src/platform/bridge.ts): the page sends `call`s; the host answers each with a `result` of the same id
 * and pushes `event`s. Frames are JSON text; a binary frame, bad JSON or a frame without an id is ignored.
 */
import { isRecord } from '../lib/guards';

export const FRAME = { call: 'call', result: 'result', event: 'event' } as const;

export interface CallFrame {
  t: typeof FRAME.call;
  id: number;
  channel: unknown;
  input?: unknown;
}

export interface ResultFrame {
  t: typeof FRAME.result;
  id: number;
  result: unknown;
}

export interface EventFrame {
  t: typeof FRAME.event;
  event: unknown;
}

export const callFrame = (id: number, channel: string, input: unknown): string => JSON.stringify({ t: FRAME.call, id, channel, input } satisfies CallFrame);
export const resultFrame = (id: number, result: unknown): ResultFrame => ({ t: FRAME.result, id, result });
export const eventFrame = (event: unknown): EventFrame => ({ t: FRAME.event, event });

/** What the host reads from a page's frame: a call, a frame of another type with an id (answered with an error), or nothing. */
export type IncomingCall = { ok: true; id: number; channel: unknown; input: unknown } | { ok: false; id: number; result: { ok: false; error: { code: 'invalid_input'; message: string } } };

export function parseCallFrame(text: string): IncomingCall | undefined {
  const m = parseJson(text);
  if (!m || typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) return undefined;
  if (m.t !== FRAME.call) return { ok: false, id: m.id, result: { ok: false, error: { code: 'invalid_input', message: 'Unknown message type.' } } };
  return { ok: true, id: m.id, channel: m.channel, input: m.input };
}

/** What the page reads from the host's frame: a result for a call, an event, or nothing. */
export function parseHostFrame(text: string): { t: 'result'; id: number; result: unknown } | { t: 'event'; event: unknown } | undefined {
  const m = parseJson(text);
  if (!m) return undefined;
  if (m.t === FRAME.result && typeof m.id === 'number') return { t: 'result', id: m.id, result: m.result };
  if (m.t === FRAME.event) return { t: 'event', event: m.event };
  return undefined;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
