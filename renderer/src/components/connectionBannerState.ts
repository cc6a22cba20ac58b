/** The connection banner's decision, pure so it is tested with a table (ConnectionBanner.tsx runs it). */
export const TICK_MS = 1_000;
/** Past the bridge's longest wait between tries (5 s) plus a try: a host that is up would have taken us back by now. */
export const NOT_RUNNING_AFTER_MS = 7_000;
export const NEW_SESSION_AFTER_MS = 7_000;
export const PING_PATH_FOR_WINDOW = '/__shopcast/ping';

export type BannerKind = 'retrying' | 'notRunning' | 'newSession';
export interface BannerState {
  downForMs: number;
  hostAnsweringForMs: number | undefined;
}

/**
 * `hostAnsweringForMs`: how long the host's ping has answered without a break (undefined: it does not answer now).
 * A host that answers but keeps refusing this window past a full retry cycle has a new session; one that answers
 * only just now is the restart we are waiting for, so it is still "reconnecting".
 */
export function bannerKind(s: BannerState): BannerKind {
  if (s.hostAnsweringForMs !== undefined) return s.hostAnsweringForMs >= NEW_SESSION_AFTER_MS ? 'newSession' : 'retrying';
  return s.downForMs >= NOT_RUNNING_AFTER_MS ? 'notRunning' : 'retrying';
}
