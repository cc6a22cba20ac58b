import { createContext } from 'react';
import type { Bridge } from '../../../shared/ipc/bridge';
import { fail } from '../../../shared/lib/result';

/**
 * A bridge that is never connected: what the UI gets when neither Electron's preload nor the browser host is there
 * (a bundle opened on its own). Every call answers "disconnected", so screens show that state instead of a blank page.
 */
export function unavailableBridge(): Bridge {
  return {
    runtime: 'browser-host',
    call: async () => fail('disconnected', 'Not connected to the Shopcast app core.'),
    onEvent: () => () => {},
    onConnectionChange: (listener) => {
      listener(false);
      return () => {};
    },
  };
}

export const BridgeContext = createContext<Bridge>(unavailableBridge());
