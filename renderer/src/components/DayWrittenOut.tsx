/**
 * A date field's value written out in the UI language ("2026년 12월 1일 화요일", "Tuesday, December 1, 2026").
 * Chromium draws `<input type="date">` in the browser's own locale whatever the page's language, so a Korean screen
 * can show mm/dd/yyyy; this line beside the field (its description) says in the person's words what they picked.
 */
import { useI18n } from '../i18n/useI18n';
import { dateInputToEpoch } from '../features/contacts/dates';

export function dayWrittenOut(language: string, value: string): string | undefined {
  const at = dateInputToEpoch(value);
  return at === null ? undefined : new Intl.DateTimeFormat(language, { dateStyle: 'full' }).format(at);
}

export function DayWrittenOut({ id, value }: { id: string; value: string }) {
  const { language } = useI18n();
  const text = dayWrittenOut(language, value);
  return (
    <span id={id} className="field-hint day-written" aria-live="polite">
      {text ?? ''}
    </span>
  );
}
