import { useState } from 'react';
import {
  CALCULATOR_PAGES,
  type CalculatorOutcome,
} from '../../../../models/guidelines/calculators/calculatorPages';
import { useAppStore } from '../../store/store';
import { CheckFieldControl } from '../../ui/CheckFieldControl';

function outcomeOf(
  calculate: () => CalculatorOutcome,
): { outcome: CalculatorOutcome; needs?: undefined } | { outcome?: undefined; needs: string } {
  try {
    return { outcome: calculate() };
  } catch (error) {
    // The calculators refuse incomplete or impossible input with a RangeError that says what is needed.
    if (error instanceof RangeError) return { needs: error.message.replace(/^[\w-]+: /, '') };
    throw error;
  }
}

/**
 * The calculators' pages in the guideline library: one table at a time, its
 * inputs as controls, the result with the passage it comes from (opens the
 * passage), and what is still needed. The same tables as `mmx calc`.
 */
export function CalculatorPanel() {
  const openCitation = useAppStore((s) => s.openCitation);
  const [id, setId] = useState(CALCULATOR_PAGES[0]!.id);
  const [edits, setEdits] = useState<Record<string, Record<string, string>>>({});
  const page = CALCULATOR_PAGES.find((p) => p.id === id) ?? CALCULATOR_PAGES[0]!;
  const edit = edits[page.id] ?? {};
  const set = (key: string, value: string) => {
    const next = { ...edit };
    if (value === '') delete next[key];
    else next[key] = value;
    setEdits({ ...edits, [page.id]: next });
  };
  const { outcome, needs } = outcomeOf(() => page.calculate(edit));
  return (
    <section className="guideline-check calculator-page" aria-label="Guideline calculator">
      <label>
        Calculator
        <select value={page.id} onChange={(e) => setId(e.target.value)}>
          {CALCULATOR_PAGES.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </label>
      <div className="check-inputs">
        {Object.entries(page.fields).map(([key, field]) => (
          <CheckFieldControl
            key={`${page.id}-${key}`}
            field={field}
            value={edit[key] ?? ''}
            onChange={(value) => set(key, value)}
          />
        ))}
      </div>
      {outcome ? (
        <div data-testid="calculator-result">
          <p>
            {outcome.recommendation}{' '}
            <button
              type="button"
              className="link check-source"
              onClick={() => void openCitation(outcome.guideline, outcome.passage)}
            >
              [{outcome.guideline}#{outcome.passage}]
            </button>
          </p>
          <ul>
            {outcome.notes.map((note) => (
              <li key={note} className="hint">
                {note}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="missing" data-testid="calculator-needs">
          {needs}
        </p>
      )}
      <p className="hint">
        The same table on the command line: <code>mmx calc {page.id} --help</code>
      </p>
    </section>
  );
}
