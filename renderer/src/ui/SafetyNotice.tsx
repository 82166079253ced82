/** Always visible: this tool supports decisions and teaching; it does not diagnose. */
export function SafetyNotice() {
  return (
    <p className="safety-notice" role="note">
      Decision support and education, not a diagnosis. A clinician checks every finding.
    </p>
  );
}
