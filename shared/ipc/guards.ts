/**
 * Temporary: remaining importers are being rewritten; delete once none import it.
 * The parsers of `unknown` moved to shared/lib/guards.ts (shared/domain uses them too, and must not import ipc).
 */
export * from '../lib/guards';
