import { useContext } from 'react';
import type { Bridge } from '../../../shared/ipc/bridge';
import { BridgeContext } from './bridgeContext';

/** The typed bridge to the app core (Electron preload or the browser host's WebSocket). */
export function useBridge(): Bridge {
  return useContext(BridgeContext);
}
