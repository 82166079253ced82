/** The context length as a meter: amber from 75 %, red from 90 %, used tokens capped at the length. */
export function ContextBar({
  context,
  used,
  label,
}: {
  context: number;
  used: number;
  label: string;
}) {
  return (
    <meter
      min={0}
      max={context}
      low={context * 0.75}
      high={context * 0.9}
      optimum={0}
      value={Math.min(used, context)}
      aria-label={label}
    />
  );
}
