/**
 * Settings → Inbox: how soon each priority's answer is due (issue 14 point 5: defaults 15 min / 1 h / 24 h,
 * editable) and desktop notifications for new messages and overdue answers. The times are checked by the same
 * rule main keeps them by (shared/domain/inbox/due.ts parseDueSettings): whole minutes, a minute to a week,
 * high ≤ medium ≤ low.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { DEFAULT_DUE, parseDueSettings, type DueSettings } from '../../../../shared/domain/inbox/due';
import { PRIORITIES, type Priority } from '../../../../shared/domain/inbox/triage';
import { errorMessage } from '../../components/errorMessage';
import { useBridge } from '../../components/useBridge';
import { useI18n } from '../../i18n/useI18n';
import { notificationPermission, requestNotificationPermission, type PermissionState } from '../inbox/desktopNotify';
import { useAppStore } from '../../store/useAppStore';
import './inboxSettings.css';

const MINUTE = 60_000;
type Draft = Record<Priority, string>;
const draftOf = (d: DueSettings): Draft => ({ high: String(d.high / MINUTE), medium: String(d.medium / MINUTE), low: String(d.low / MINUTE) });

export function InboxSection() {
  const { t } = useI18n();
  const bridge = useBridge();
  const id = useId();
  const settings = useAppStore((s) => s.settings);
  const runtime = useAppStore((s) => s.appInfo?.runtime);
  const setSettings = useAppStore((s) => s.setSettings);
  const showToast = useAppStore((s) => s.showToast);
  const saved = settings.answerTimes ?? DEFAULT_DUE;
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const [problem, setProblem] = useState<string | null>(null);
  const [permission, setPermission] = useState<PermissionState>(() => notificationPermission(runtime));
  useEffect(() => setDraft(draftOf(saved)), [saved]);
  useEffect(() => setPermission(notificationPermission(runtime)), [runtime]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const minutes = (p: Priority) => Number(draft[p].trim().replace(',', '.'));
    const parsed = parseDueSettings({ high: minutes('high') * MINUTE, medium: minutes('medium') * MINUTE, low: minutes('low') * MINUTE });
    if (!parsed.ok) {
      const first = parsed.problems[0]!; // a failed parse names at least one problem
      setProblem(first.problem === 'out_of_order' ? t('inboxSettings.outOfOrder') : t('inboxSettings.badTime', { priority: first.field ? t(`inbox.priority.${first.field}`) : '' }));
      return;
    }
    setProblem(null);
    const r = await bridge.call('settings:update', { answerTimes: parsed.value });
    if (!r.ok) return setProblem(errorMessage(t, r.error));
    setSettings(r.value);
    showToast({ tone: 'success', message: t('inboxSettings.saved') });
  };

  const reset = async () => {
    const r = await bridge.call('settings:update', { answerTimes: null });
    if (!r.ok) return setProblem(errorMessage(t, r.error));
    setProblem(null);
    setSettings(r.value);
    showToast({ tone: 'success', message: t('inboxSettings.resetDone') });
  };

  // The box follows the click at once; the saved setting takes over when main has stored it (or it failed).
  const [asked, setAsked] = useState<boolean | null>(null);
  const setNotifications = async (on: boolean) => {
    setAsked(on);
    // The browser asks once, from this click; Electron's notifications come from the app itself.
    if (on && permission === 'default') setPermission(await requestNotificationPermission(runtime));
    const r = await bridge.call('settings:update', { notifications: on });
    if (r.ok) setSettings(r.value);
    else showToast({ tone: 'error', message: errorMessage(t, r.error) });
    setAsked(null);
  };

  const notificationsOn = asked ?? settings.notifications !== false;
  return (
    <section className="about inbox-settings" aria-labelledby={id}>
      <h2 id={id}>{t('inboxSettings.title')}</h2>
      <form onSubmit={(e) => void save(e)} aria-describedby={`${id}-intro`}>
        <p id={`${id}-intro`} className="field-hint">
          {t('inboxSettings.intro')}
        </p>
        <div className="inbox-settings-times">
          {PRIORITIES.map((p) => (
            <label key={p}>
              {t(`inbox.priority.${p}`)}
              <span className="inbox-settings-minutes">
                <input type="number" inputMode="numeric" min={1} max={10_080} step={1} value={draft[p]} onChange={(e) => setDraft((d) => ({ ...d, [p]: e.target.value }))} aria-label={t('inboxSettings.minutesFor', { priority: t(`inbox.priority.${p}`) })} />
                {t('inboxSettings.minutes')}
              </span>
            </label>
          ))}
        </div>
        {problem && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('inboxSettings.save')}
          </button>
          <button type="button" onClick={() => void reset()} disabled={settings.answerTimes === undefined}>
            {t('inboxSettings.reset')}
          </button>
        </div>
      </form>
      <label className="checkbox">
        <input type="checkbox" checked={notificationsOn} onChange={(e) => void setNotifications(e.target.checked)} aria-describedby={`${id}-notify`} />
        {t('inboxSettings.notify')}
      </label>
      <p id={`${id}-notify`} className="field-hint">
        {notificationsOn && permission === 'denied' ? t('inboxSettings.notifyBlocked') : notificationsOn && permission === 'unsupported' ? t('inboxSettings.notifyUnsupported') : t('inboxSettings.notifyHint')}
      </p>
    </section>
  );
}
