import type { SpecialtyRouting } from '../../../../electron/common/schemas/reasoning';
import { describeRouting } from './describeRouting';

/** The specialty and the signals that decided it, a note when the choice looks wrong, all reasons one click away. */
export function RoutingLine({ routing }: { routing: SpecialtyRouting }) {
  const view = describeRouting(routing);
  const rest = view.line.startsWith(view.title) ? view.line.slice(view.title.length) : undefined;
  return (
    <div className="routing" data-testid="routing">
      <p className="routing-line">
        Specialty:{' '}
        {rest === undefined ? (
          view.line
        ) : (
          <>
            <strong>{view.title}</strong>
            {rest}
          </>
        )}
      </p>
      {view.note ? (
        <p className="routing-note" role="note">
          {view.note}
        </p>
      ) : null}
      {view.reasons.length > 0 ? (
        <details className="routing-reasons">
          <summary>Why this specialty?</summary>
          <ul>
            {view.reasons.map((reason, i) => (
              <li key={i}>{reason}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
