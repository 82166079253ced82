import type { CheckField } from '../../../models/guidelines/calculators/checkFields';

/** One input of a guideline calculator: a select, a number, or a set of checkboxes for a list. */
export function CheckFieldControl({
  field,
  value,
  onChange,
}: {
  field: CheckField<unknown>;
  value: string;
  onChange: (value: string) => void;
}) {
  if (field.kind === 'size' || field.kind === 'number')
    return (
      <label>
        {field.label}
        <input
          type="number"
          min={field.kind === 'size' ? 0.1 : undefined}
          step={field.kind === 'size' ? 0.5 : 'any'}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
    );
  if (field.kind === 'list') {
    const picked = new Set(value.split(',').filter(Boolean));
    const toggle = (choice: string, on: boolean) => {
      const next = field.choices.filter((c) => (c === choice ? on : picked.has(c)));
      onChange(next.join(','));
    };
    return (
      <fieldset className="check-list">
        <legend>{field.label}</legend>
        {field.choices.map((c) => (
          <label key={c}>
            <input
              type="checkbox"
              checked={picked.has(c)}
              onChange={(e) => toggle(c, e.target.checked)}
            />
            {c}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <label>
      {field.label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">not stated</option>
        {field.choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
