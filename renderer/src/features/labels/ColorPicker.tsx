import { useEffect, useId, useState } from 'react';
import { LABEL_COLORS, type LabelColor } from '../../db/db';
import { useI18n } from '../../i18n/useI18n';

interface ColorPickerProps {
  legend: string;
  /** null: no choice yet (the app picks the least-used colour). */
  value: LabelColor | null;
  onChange(color: LabelColor): void;
  /** Enter in the group: the person is done choosing. */
  onDone?(): void;
  autoFocus?: boolean;
}

/**
 * Label colours as a radio group of swatches. Each swatch has the colour's name as its accessible name, and the
 * arrow keys move between them as in any radio group.
 */
export function ColorPicker({ legend, value, onChange, onDone, autoFocus = false }: ColorPickerProps) {
  const { t } = useI18n();
  const name = useId();
  // Shows the choice at once; the saved colour arrives a moment later through the live query and wins from then on.
  const [shown, setShown] = useState(value);
  useEffect(() => setShown(value), [value]);
  return (
    <fieldset
      className="color-picker"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && onDone) {
          e.preventDefault();
          onDone();
        }
      }}
    >
      <legend>{legend}</legend>
      <div className="swatches">
        {LABEL_COLORS.map((color, i) => (
          <label key={color} className="swatch-option" title={t(`color.${color}`)}>
            <input
              type="radio"
              name={name}
              value={color}
              checked={shown === color}
              autoFocus={autoFocus && (value === color || (value === null && i === 0))}
              aria-label={t(`color.${color}`)}
              onChange={() => {
                setShown(color);
                onChange(color);
              }}
            />
            <span className="swatch" data-color={color} aria-hidden="true" />
          </label>
        ))}
      </div>
    </fieldset>
  );
}
