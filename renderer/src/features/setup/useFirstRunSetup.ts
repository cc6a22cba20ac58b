import { useEffect } from 'react';
import { useAppStore } from '../../store/useAppStore';
import type { Language } from '../../../../shared/domain/settings';
import { shownLanguage, useSetupStore, watchFirstRun } from './setupStore';

/** For the window's shell: whether the setup shows in place of the screen, and how the navigation closes it. */
export function useFirstRunSetup(): { open: boolean; close(): void } {
  const open = useSetupStore((s) => s.open);
  const close = useSetupStore((s) => s.closeSetup);
  useEffect(() => watchFirstRun(useAppStore, useSetupStore), []);
  return { open, close };
}

/** For the window's root: the language to show, which is the setup's choice while it is open (before it is saved). */
export function useShownLanguage(saved: Language): Language {
  return useSetupStore((s) => shownLanguage(saved, s));
}
