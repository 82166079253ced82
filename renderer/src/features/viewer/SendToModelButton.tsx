import { useState } from 'react';
import { useAppStore } from '../../store/store';
import { focusPane } from '../settings/useShortcuts';

/** Adds the frame as displayed (current window, capped size) to the next question. */
export function SendToModelButton() {
  const captureView = useAppStore((s) => s.captureView);
  const attach = useAppStore((s) => s.attach);
  const dicomSource = useAppStore((s) => s.dicomSource);
  const [problem, setProblem] = useState<string>();
  if (!captureView) return null;
  return (
    <>
      <button
        type="button"
        className="send-to-model"
        onClick={async () => {
          try {
            attach(await captureView(), dicomSource ?? null);
            setProblem(undefined);
            focusPane('reasoning');
            document.getElementById('question')?.focus();
          } catch (error) {
            setProblem(error instanceof Error ? error.message : String(error));
          }
        }}
      >
        Send to model
      </button>
      {problem ? <span role="alert"> {problem}</span> : null}
    </>
  );
}
