import { SPECIALTY_TITLES } from '../../../../electron/common/schemas/specialties';

interface SpecialtySelectProps {
  value: string;
  onChange(value: string): void;
  /** The first choice, e.g. automatic routing or all specialties. */
  any: { value: string; label: string };
}

/** A labelled choice among the four specialties of the guideline packs. */
export function SpecialtySelect({ value, onChange, any }: SpecialtySelectProps) {
  return (
    <label>
      Specialty
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value={any.value}>{any.label}</option>
        {Object.entries(SPECIALTY_TITLES).map(([id, label]) => (
          <option key={id} value={id}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
