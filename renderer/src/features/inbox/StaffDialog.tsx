import { useState } from 'react';
import { parseStaffView, type StaffView } from '../../../../shared/ipc/inbox';
import { Dialog } from '../../components/Dialog';
import { useBridge } from '../../components/useBridge';
import { useI18n } from '../../i18n/useI18n';
import { useConversationSync, useStaff } from './useStaff';

/**
 * The staff names on this PC (issue 14 point 6: "who is at the counter", no passwords). Kept by main
 * (`inbox:setStaff`), so every window and `shopcast inbox list` see the same list.
 */
export function StaffDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const staff = useStaff();
  const bridge = useBridge();
  const sync = useConversationSync();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | undefined>();

  const save = async (next: StaffView): Promise<boolean> => {
    const parsed = parseStaffView(next);
    if (!parsed.ok) {
      setProblem(t('inbox.staff.saveFailed'));
      return false;
    }
    const r = await bridge.call('inbox:setStaff', parsed.value);
    if (!r.ok) {
      setProblem(t('inbox.staff.saveFailed'));
      return false;
    }
    setProblem(undefined);
    await sync.pull();
    return true;
  };

  const add = async () => {
    const n = name.trim();
    if (n === '') return;
    if (staff.names.includes(n)) {
      setProblem(t('inbox.staff.duplicate'));
      return;
    }
    // Clears the box only if it still holds the name just added: the list can show it before the save returns, and
    // a person who already typed the next name must not lose it.
    if (await save({ names: [...staff.names, n], current: staff.current ?? n })) setName((typed) => (typed.trim() === n ? '' : typed));
  };

  const remove = (n: string) => void save({ names: staff.names.filter((x) => x !== n), current: staff.current === n ? null : staff.current });

  return (
    <Dialog title={t('inbox.staff.title')} onClose={onClose} description={t('inbox.staff.hint')}>
      {staff.names.length === 0 ? (
        <p>{t('inbox.staff.none')}</p>
      ) : (
        <ul className="inbox-staff-list">
          {staff.names.map((n) => (
            <li key={n}>
              <span>{n}</span>{' '}
              <button type="button" className="link-button" onClick={() => remove(n)}>
                {t('inbox.staff.remove', { name: n })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label>
          <span>{t('inbox.staff.newName')}</span> <input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        </label>{' '}
        <button type="submit" disabled={name.trim() === ''}>
          {t('inbox.staff.add')}
        </button>
      </form>
      {problem && (
        <p role="alert" className="inbox-answer-problem">
          {problem}
        </p>
      )}
      <p>
        <button type="button" onClick={onClose}>
          {t('inbox.staff.close')}
        </button>
      </p>
    </Dialog>
  );
}
