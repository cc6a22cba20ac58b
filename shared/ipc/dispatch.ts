/**
 * Turns an untrusted (channel, input) pair into a Result, whatever the transport. Both the Electron ipcMain bridge
 * and the browser host's WebSocket call this, so parsing and error handling are identical in every host.
 */
import { CHANNELS, contract, isChannel, type Channel, type InputOf, type OutputOf } from './contract';
import { AppFailure, fail, type Result } from '../lib/result';

export interface HandlerContext {
  /** Which transport the call came over; for logs and for handlers that behave differently in tests. */
  transport: 'electron' | 'websocket' | 'cli' | 'test';
}

export type Handler<C extends Channel> = (input: InputOf<C>, ctx: HandlerContext) => Promise<OutputOf<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

export interface DispatchOptions {
  /** Called with unexpected errors (bugs, I/O failures); the caller only sees a generic message. */
  onUnexpectedError?: (channel: Channel, error: unknown) => void;
}

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  input: unknown,
  ctx: HandlerContext,
  opts: DispatchOptions = {},
): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail('unknown_channel', `Unknown action "${String(channel).slice(0, 60)}".`);
  return run(handlers, channel, input, ctx, opts);
}

async function run<C extends Channel>(
  handlers: Handlers,
  channel: C,
  input: unknown,
  ctx: HandlerContext,
  opts: DispatchOptions,
): Promise<Result<OutputOf<C>>> {
  const spec = contract[channel];
  // Each spec's parser yields exactly InputOf<C>; TypeScript cannot follow the correlation through the indexed access.
  const parsed = spec.parse(input) as Result<InputOf<C>>;
  if (!parsed.ok) return parsed;
  try {
    const handler = handlers[channel] as Handler<C>; // the mapped type guarantees it; indexing with a generic loses it
    return { ok: true, value: await handler(parsed.value, ctx) };
  } catch (error) {
    if (error instanceof AppFailure) return fail(error.code, error.message, error.details);
    opts.onUnexpectedError?.(channel, error);
    return fail('internal', 'Something went wrong inside Shopcast. Your data is safe; please try again.');
  }
}

export { CHANNELS };
