import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Bridge } from '../../shared/ipc/bridge';
import { App } from './App';
import { unavailableBridge } from './components/bridgeContext';
import { createBridge } from './platform/bridge';
import './styles.css';

/** Without a host (the bundle opened on its own), the app still renders and says it is not connected. */
function connect(): Bridge {
  try {
    return createBridge();
  } catch (error) {
    console.warn('Shopcast: no app core to connect to; running unconnected.', error);
    return unavailableBridge();
  }
}

// Benchmark hooks exist only in `vite build --mode bench`; in the normal build this branch is removed entirely.
if (import.meta.env.MODE === 'bench') void import('./benchHooks');

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App bridge={connect()} />
    </StrictMode>,
  );
}
