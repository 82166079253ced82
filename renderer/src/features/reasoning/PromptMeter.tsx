import { useMemo } from 'react';
import { ContextBar } from './ContextBar';
import { selectActiveModel, useAppStore } from '../../store/store';
import { estimatePromptTokens } from './estimatePromptTokens';
import { resolveImageBounds } from '../../../../models/reasoning/imageTokens';

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
  const model = useAppStore(selectActiveModel);
  const limits = model?.limits;
  const imageDetail = useAppStore((s) => s.imageDetail);
  // The ask form's detail level over the model's bounds, as the worker resizes the images.
  const bounds = useMemo(
    () =>
      model?.imageBounds ? resolveImageBounds(model.imageBounds, { detail: imageDetail }) : limits,
    [model?.imageBounds, imageDetail, limits],
  );
  const server = useAppStore((s) => s.backend?.kind === 'server');
  const estimate = useMemo(() => {
    const options = Object.fromEntries(
      Object.entries(choices).filter(([, text]) => text.trim() !== ''),
    );
    // Without attachments, Ask sends the frame shown in the viewer.
    const images = attachments.length > 0 ? attachments : captureSize ? [captureSize] : [];
    return estimatePromptTokens({ question, options, images, specialty, perspective }, bounds);
  }, [question, choices, attachments, captureSize, specialty, perspective, bounds]);
  // A server's context length is not in any file here.
  const context = server ? undefined : limits?.contextLength;
  const used = estimate.total + maxNewTokens;
  const over = context !== undefined && used > context;
  // One short line (the pane is narrow at 1280 × 720); the parts are in the tooltip.
  const detail = [
    `Prompt ≈ ${n(estimate.total)} tokens: text ≈ ${n(estimate.text)} (about 3.5 characters a token)`,
    estimate.images ? `images ${n(estimate.images)} (one per 28 × 28 pixels)` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const title = `${detail}. Guideline passages are added when the run starts.${context ? ` The answer may take up to ${n(maxNewTokens)} (Max length).` : ''}`;
  return (
    <div
      className="token-meter prompt-meter"
      data-testid="prompt-meter"
      data-text-tokens={estimate.text}
      data-image-tokens={estimate.images}
      data-over={over || undefined}
      title={title}
    >
      {context ? (
        <>
          <ContextBar
            context={context}
            used={used}
            label="Context the question will use (estimate)"
          />
          <span>
            Context ≈ {n(estimate.total)} + {n(maxNewTokens)} of {n(context)} tokens
          </span>
        </>
      ) : (
        <span>Prompt ≈ {n(estimate.total)} tokens</span>
      )}
      <span className="visually-hidden">{detail}.</span>
      {over ? (
        <p role="status" className="prompt-meter-over">
          Too long for the model: shorten the question, attach fewer images or lower Max length.
        </p>
      ) : null}
    </div>
  );
}
