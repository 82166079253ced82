import { useMemo } from 'react';
import { selectActiveModel, useAppStore } from '../../store/store';
import { estimatePromptTokens } from './estimatePromptTokens';

const n = (value: number) => value.toLocaleString('en');

/**
 * The prompt against the model's context length while the question is
 * written: an estimate ("≈", text from its length, images by the image
 * processor's rule), plus the answer's maximum length, which the context must
 * also hold. After a run, TokenMeter shows the exact counts.
 */
export function PromptMeter() {
  const question = useAppStore((s) => s.question);
  const choices = useAppStore((s) => s.choices);
  const attachments = useAppStore((s) => s.attachments);
  const captureSize = useAppStore((s) => (s.captureView ? s.captureSize : undefined));
  const specialty = useAppStore((s) => s.specialtyChoice);
  const perspective = useAppStore((s) => s.perspectiveChoice);
  const maxNewTokens = useAppStore((s) => s.maxNewTokens);
  const limits = useAppStore(selectActiveModel)?.limits;
  const server = useAppStore((s) => s.backend?.kind === 'server');
  const estimate = useMemo(() => {
    const options = Object.fromEntries(
      Object.entries(choices).filter(([, text]) => text.trim() !== ''),
    );
    // Without attachments, Ask sends the frame shown in the viewer.
    const images = attachments.length > 0 ? attachments : captureSize ? [captureSize] : [];
    return estimatePromptTokens({ question, options, images, specialty, perspective }, limits);
  }, [question, choices, attachments, captureSize, specialty, perspective, limits]);
  // A server's context length is not in any file here.
  const context = server ? undefined : limits?.contextLength;
  const used = estimate.total + maxNewTokens;
  const parts = `text ${n(estimate.text)}${estimate.images ? ` + images ${n(estimate.images)}` : ''}`;
  if (!context)
    return (
      <p className="token-meter" data-testid="prompt-meter">
        <span>
          Prompt ≈ {n(estimate.total)} tokens ({parts})
        </span>
      </p>
    );
  const over = used > context;
  return (
    <p className="token-meter" data-testid="prompt-meter" data-over={over || undefined}>
      <meter
        min={0}
        max={context}
        low={context * 0.75}
        high={context * 0.9}
        optimum={0}
        value={Math.min(used, context)}
        aria-label="Context the question will use (estimate)"
      />
      <span>
        Context ≈ prompt {n(estimate.total)} ({parts}) + answer up to {n(maxNewTokens)} of{' '}
        {n(context)} tokens
        {over ? ' — too long: shorten the question, attach fewer images or lower Max length' : ''}
      </span>
    </p>
  );
}
