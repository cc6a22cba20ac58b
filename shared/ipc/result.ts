/**
 * Temporary: remaining importers are being rewritten; delete once none import it.
 * Results as values moved to shared/lib/result.ts (shared/domain uses them too, and must not import ipc).
 */
export * from '../lib/result';
