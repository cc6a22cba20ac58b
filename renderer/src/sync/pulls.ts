/**
 * Keeping a copy of main's data current, the way every feed of `sync/` does: main pushes an event that says
 * "something changed", and the copy pulls what changed. One pull at a time; a change that arrives during a pull asks
 * for one more afterwards. Pulls also run on (re)connecting and once at the start.
 */
import type { Bridge } from '../../../shared/ipc/bridge';
import type { EventName } from '../../../shared/ipc/contract';

export interface Pulls {
  pull(): Promise<void>;
  /** Stops listening; a pull in progress ends at its next `stopped()` check. */
  stop(): void;
  stopped(): boolean;
}

export function startPulls(bridge: Bridge, event: EventName, pullOnce: () => Promise<void>, onError?: (error: unknown) => void): Pulls {
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;

  const pull = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pullOnce();
        } while (again && !stopped);
      } catch (error) {
        if (!onError) throw error;
        onError(error);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const offEvents = bridge.onEvent((e) => {
    if (!stopped && e.name === event) void pull();
  });
  const offConnection = bridge.onConnectionChange((connected) => {
    if (connected && !stopped) void pull();
  });
  void pull();

  return {
    pull,
    stopped: () => stopped,
    stop() {
      stopped = true;
      offEvents();
      offConnection();
    },
  };
}
