/**
 * Errors cross every boundary (IPC, WebSocket, CLI) as values, never as thrown exceptions:
 * the UI shows `message` (translated by `code` where it knows the code), logic branches on `code`.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_channel'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'storage_failed'
  | 'disconnected'
  | 'internal';

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Machine-readable details, e.g. the field that failed to parse. */
  details?: Record<string, string | number | boolean>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (
  code: ErrorCode,
  message: string,
  details?: AppError['details'],
): { ok: false; error: AppError } => (details ? { ok: false, error: { code, message, details } } : { ok: false, error: { code, message } });

/** An error a handler throws on purpose; the dispatcher turns it into a `{ ok: false }` value. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: AppError['details'],
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'invalid_input',
  'unknown_channel',
  'forbidden',
  'not_found',
  'conflict',
  'storage_failed',
  'disconnected',
  'internal',
]);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && ERROR_CODES.has(value);
}

/** Parses a result that arrived over a wire (WebSocket, ipcRenderer.invoke): `unknown` in, typed out. */
export function parseWireResult(raw: unknown): Result<unknown> {
  if (typeof raw !== 'object' || raw === null) return fail('internal', 'Malformed reply from the app core.');
  const r = raw as { ok?: unknown; value?: unknown; error?: unknown }; // shape checked field by field below
  if (r.ok === true) return { ok: true, value: r.value };
  if (r.ok === false && typeof r.error === 'object' && r.error !== null) {
    const e = r.error as { code?: unknown; message?: unknown; details?: unknown }; // each field checked below
    if (isErrorCode(e.code) && typeof e.message === 'string') return fail(e.code, e.message, parseDetails(e.details));
  }
  return fail('internal', 'Malformed reply from the app core.');
}

/** Keeps the details' scalar fields (refusal codes, the failing field): the screen words problems by them. */
function parseDetails(raw: unknown): AppError['details'] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const out: NonNullable<AppError['details']> = {};
  let any = false;
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) {
      out[k] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}
