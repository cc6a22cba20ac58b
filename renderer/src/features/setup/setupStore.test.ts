import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { Settings } from '../../../../shared/domain/settings';
import { createContactListSlice } from '../../store/contactListSlice';
import { createDialogSlice } from '../../store/dialogSlice';
import { createNavigationSlice } from '../../store/navigationSlice';
import { createSessionSlice } from '../../store/sessionSlice';
import { createToastSlice } from '../../store/toastSlice';
import type { AppState } from '../../store/useAppStore';
import { createSetupStore, shownLanguage, watchFirstRun } from './setupStore';

const firstRun: Settings = { shopName: '', defaultCountry: 'US', language: 'en', sendingChannel: 'sandbox', setupDone: false };

/** A fresh app store made of the window's own slices, so each test starts as a new window does. */
function freshApp() {
  return create<AppState>()((...a) => ({
    ...createNavigationSlice(...a),
    ...createSessionSlice(firstRun)(...a),
    ...createContactListSlice(...a),
    ...createToastSlice(...a),
    ...createDialogSlice(...a),
  }));
}

describe('when the first-run setup opens by itself', () => {
  it('opens once settings arrive saying the setup was never done', () => {
    const app = freshApp();
    const setup = createSetupStore();
    watchFirstRun(app, setup);
    expect(setup.getState().open).toBe(false);
    app.getState().setSettings(firstRun);
    expect(setup.getState().open).toBe(true);
  });

  it('stays closed for a shop that finished or skipped it', () => {
    const app = freshApp();
    const setup = createSetupStore();
    watchFirstRun(app, setup);
    app.getState().setSettings({ ...firstRun, setupDone: true });
    expect(setup.getState()).toMatchObject({ open: false, decided: true });
    // A later change (another window) does not open it either.
    app.getState().setSettings(firstRun);
    expect(setup.getState().open).toBe(false);
  });

  it('does not pull back a person who went to another screen before the settings arrived', () => {
    const app = freshApp();
    const setup = createSetupStore();
    watchFirstRun(app, setup);
    app.getState().goTo('settings');
    app.getState().setSettings(firstRun);
    expect(setup.getState().open).toBe(false);
  });

  it('closes when the person goes to another screen, and does not reopen by itself', () => {
    const app = freshApp();
    const setup = createSetupStore();
    watchFirstRun(app, setup);
    app.getState().setSettings(firstRun);
    app.getState().goTo('labels');
    expect(setup.getState().open).toBe(false);
    app.getState().setSettings({ ...firstRun, shopName: 'Reconnected' });
    expect(setup.getState().open).toBe(false);
  });

  it('opens when asked from Settings even though it was done, and closes on leaving', () => {
    const app = freshApp();
    const setup = createSetupStore();
    watchFirstRun(app, setup);
    app.getState().setSettings({ ...firstRun, setupDone: true });
    app.getState().goTo('settings');
    setup.getState().openSetup();
    expect(setup.getState().open).toBe(true);
    app.getState().goTo('contacts');
    expect(setup.getState().open).toBe(false);
  });

  it('decides at once when the settings were already loaded before it started watching', () => {
    const app = freshApp();
    app.getState().setSettings(firstRun);
    const setup = createSetupStore();
    watchFirstRun(app, setup);
    expect(setup.getState().open).toBe(true);
  });
});

describe('the language the window shows', () => {
  it('is the setup’s pick while it is open, and the saved one once it closes', () => {
    const setup = createSetupStore();
    setup.getState().openSetup();
    expect(shownLanguage('en', setup.getState())).toBe('en');
    setup.getState().previewIn('ko');
    expect(shownLanguage('en', setup.getState())).toBe('ko');
    setup.getState().closeSetup();
    expect(shownLanguage('en', setup.getState())).toBe('en');
    // Opened again later, it starts from the saved language, not the last preview.
    setup.getState().previewIn('zh-Hant');
    setup.getState().openSetup();
    expect(shownLanguage('en', setup.getState())).toBe('en');
  });
});
