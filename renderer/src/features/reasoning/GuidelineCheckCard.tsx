import type { CheckField } from '../../../../models/guidelines/calculators/checkFields';
import { CheckFieldControl } from '../../ui/CheckFieldControl';
import {
  CHECK_FIELDS,
  isCheckCalculator,
  runGuidelineChecks,
  type CheckCalculator,
} from '../../../../models/reasoning/runGuidelineChecks';
import type { GuidelineCheck } from '../../../../electron/common/schemas/reasoning';
import { useAppStore } from '../../store/store';
import type { PerspectiveRun, RunState } from './reasoningSlice';

const TITLES: Record<CheckCalculator, string> = {
  'fleischner-2017': 'Fleischner 2017',
  'lung-rads-2022': 'Lung-RADS v2022',
  'acr-ti-rads-2017': 'ACR TI-RADS 2017',
};

// Inputs shown even when the reasoning says nothing of them; the others appear once read or needed.
const ALWAYS: Record<CheckCalculator, readonly string[]> = {
  'fleischner-2017': ['type', 'sizeMm', 'count', 'risk'],
  'lung-rads-2022': ['type', 'scan', 'sizeMm', 'suspicious'],
  'acr-ti-rads-2017': ['composition', 'echogenicity', 'shape', 'margin', 'foci', 'sizeMm'],
};

function CheckView({
  check,
  calculator,
  onEdit,
}: {
  check: GuidelineCheck;
  calculator: CheckCalculator;
  onEdit: (key: string, value: string | undefined) => void;
}) {
  const fields: Record<string, CheckField<unknown>> = CHECK_FIELDS[calculator];
  const shown = Object.keys(fields).filter(
    (key) => ALWAYS[calculator].includes(key) || key in check.inputs || check.missing.includes(key),
  );
  return (
    <section className="guideline-check" aria-label="Guideline check" data-testid="guideline-check">
      <h3>Guideline check — {TITLES[calculator]}</h3>
      <div className="check-inputs">
        {shown.map((key) => (
          <CheckFieldControl
            key={key}
            field={fields[key]!}
            value={String(check.inputs[key] ?? '')}
            onChange={(value) => onEdit(key, value === '' ? undefined : value)}
          />
        ))}
      </div>
      {check.missing.length > 0 ? (
        <p className="missing">
          The table needs the {check.missing.map((k) => fields[k]?.label ?? k).join(', ')}: the
          reasoning does not say. Choose above.
        </p>
      ) : null}
      {check.refusal ? <p className="missing">{check.refusal}</p> : null}
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

/**
 * "Guideline check": the calculator that applies (Fleischner 2017, Lung-RADS
 * v2022 or ACR TI-RADS) run on what this perspective said, with the inputs it
 * read (editable), what it still needs, and a flag when the model's answer
 * contradicts the table.
 */
export function GuidelineCheckCard({
  run,
  perspective,
}: {
  run: RunState;
  perspective: PerspectiveRun;
}) {
  const setCheckInput = useAppStore((s) => s.setCheckInput);
  const edits = run.checkInputs?.[perspective.key] ?? {};
  const checks = runGuidelineChecks(perspective, run.options ?? {}, edits);
  return (
    <>
      {checks.map((check) => {
        const calculator = check.calculator;
        if (!isCheckCalculator(calculator)) return null;
        return (
          <CheckView
            key={calculator}
            check={check}
            calculator={calculator}
            onEdit={(key, value) => setCheckInput(perspective.key, calculator, key, value)}
          />
        );
      })}
    </>
  );
}
