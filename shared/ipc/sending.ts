/**
 * Temporary: remaining importers are being rewritten; delete once none import it.
 * The sending contract now lives by area (campaigns.ts, messageContent.ts, assisted.ts, policy.ts, inbox.ts,
 * cloud.ts, sendingEvents.ts, fields.ts) and its vocabulary in shared/domain (vocabulary.ts, template.ts).
 * test/architecture.contract.test.ts lists the files still allowed to import this shim.
 */
export * from '../domain/vocabulary';
export * from '../domain/template';
export * from './fields';
export * from './messageContent';
export * from './campaigns';
export * from './assisted';
export * from './policy';
export * from './inbox';
export * from './cloud';
export * from './sendingEvents';
