import { useEffect } from 'react';
import { useAppStore } from '../../store/useAppStore';
import { useSetupStore, watchFirstRun } from './setupStore';

/** For the window's shell: whether the setup shows in place of the screen, and how the navigation closes it. */
export function useFirstRunSetup(): { open: boolean; close(): void } {
  const open = useSetupStore((s) => s.open);
  const close = useSetupStore((s) => s.closeSetup);
  useEffect(() => watchFirstRun(useAppStore, useSetupStore), []);
  return { open, close };
}
