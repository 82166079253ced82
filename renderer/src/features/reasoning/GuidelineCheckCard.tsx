import type { NoduleFacts } from '../../../../models/guidelines/calculators/checkFleischner';
import { runGuidelineChecks } from '../../../../models/reasoning/runGuidelineChecks';
import { useAppStore } from '../../store/store';
import type { PerspectiveRun, RunState } from './reasoningSlice';

const FIELD_LABELS: Record<keyof NoduleFacts, string> = {
  type: 'type',
  sizeMm: 'size (mm)',
  solidMm: 'solid part (mm)',
  count: 'count',
  risk: 'patient risk',
};

/**
 * "Guideline check": the Fleischner 2017 table run on what this perspective
 * said, with the inputs it read (editable), what it still needs, and a flag
 * when the model's answer contradicts the table.
 */
export function GuidelineCheckCard({
  run,
  perspective,
}: {
  run: RunState;
  perspective: PerspectiveRun;
}) {
  const setCheckInput = useAppStore((s) => s.setCheckInput);
  const inputs = run.checkInputs?.[perspective.key] ?? {};
  const [check] = runGuidelineChecks(perspective, run.options ?? {}, inputs);
  if (!check) return null;
  const facts = check.inputs as NoduleFacts;
  const set = (key: keyof NoduleFacts, value: string) =>
    setCheckInput(perspective.key, key, value === '' ? undefined : value);
  const select = (key: 'type' | 'count' | 'risk', choices: string[]) => (
    <label>
      {FIELD_LABELS[key]}
      <select value={facts[key] ?? ''} onChange={(e) => set(key, e.target.value)}>
        <option value="">not stated</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="guideline-check" aria-label="Guideline check" data-testid="guideline-check">
      <h3>Guideline check — Fleischner 2017</h3>
      <div className="check-inputs">
        {select('type', ['solid', 'part-solid', 'ground-glass'])}
        <label>
          {FIELD_LABELS.sizeMm}
          <input
            type="number"
            min={1}
            step={0.5}
            value={facts.sizeMm ?? ''}
            onChange={(e) => set('sizeMm', e.target.value)}
          />
        </label>
        {select('count', ['single', 'multiple'])}
        {select('risk', ['low', 'high'])}
      </div>
      {check.missing.length > 0 ? (
        <p className="missing">
          The table needs the{' '}
          {check.missing.map((k) => FIELD_LABELS[k as keyof NoduleFacts]).join(', ')}: the reasoning
          does not say. Choose above.
        </p>
      ) : null}
      {check.result ? (
        <p>
          {check.result.recommendation}{' '}
          <span className="check-source">
            [{check.result.guideline}#{check.result.passage}]
          </span>
        </p>
      ) : null}
      {check.contradiction ? (
        <p className="contradiction" role="status" data-testid="contradiction">
          ⚠ {check.contradiction}
        </p>
      ) : null}
    </section>
  );
}
