/** The reasoning panel; the model runtime fills it once a model is set up. */
export function ReasoningPanel() {
  return (
    <div className="reasoning-empty">
      <p>No model is set up yet.</p>
      <p className="hint">
        Reasoning steps, each with the guideline passages it relies on, appear here.
      </p>
    </div>
  );
}
