import type { LabelColor } from '../db/db';

/** A label as a coloured chip. The colour is decoration; the name carries the meaning. */
export function LabelChip({ name, color, small = false }: { name: string; color: LabelColor; small?: boolean }) {
  return (
    <span className={small ? 'label-chip small' : 'label-chip'} data-color={color}>
      <span className="label-dot" aria-hidden="true" />
      {name}
    </span>
  );
}
