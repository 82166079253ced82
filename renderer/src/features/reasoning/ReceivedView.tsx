import type { AskImage, AskResult } from '../../../../electron/common/schemas/ask';
import { perspectiveTitle, specialtyTitle } from './labels';
import { imageDataUrl } from './imageDataUrl';

type Parameters = NonNullable<AskResult['received']>['parameters'];

/** "greedy decoding", or the sampling values the run used, the seed that repeats it included. */
export function describeDecoding({
  decoding,
  sampling,
}: Pick<Parameters, 'decoding' | 'sampling'>) {
  const penalty =
    sampling?.repetitionPenalty !== undefined && sampling.repetitionPenalty !== 1
      ? `repetition penalty ${sampling.repetitionPenalty}`
      : undefined;
  if (decoding === 'greedy') return `greedy decoding${penalty ? ` (${penalty})` : ''}`;
  const parts = [
    sampling?.temperature !== undefined ? `temperature ${sampling.temperature}` : undefined,
    sampling?.topP !== undefined ? `top-p ${sampling.topP}` : undefined,
    sampling?.topK !== undefined
      ? `top-k ${sampling.topK === 0 ? 'off' : sampling.topK}`
      : undefined,
    penalty,
    sampling?.seed !== undefined ? `seed ${sampling.seed}` : undefined,
  ].filter((x) => x !== undefined);
  return `sampling${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function describePixels(pixels: NonNullable<Parameters['imagePixels']>): string {
  return [
    pixels.detail ? `${pixels.detail} image detail` : undefined,
    pixels.minPixels !== undefined ? `min ${pixels.minPixels} pixels` : undefined,
    pixels.maxPixels !== undefined ? `max ${pixels.maxPixels} pixels` : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(', ');
}

const ROLE_TITLES = { system: 'System', user: 'User', assistant: 'Assistant' } as const;

/**
 * "What the model received": the exact prompt text of each perspective, the
 * images at the size they were handed to the model, the parameters and the
 * model, so nothing about a run is hidden from the user.
 */
export function ReceivedView({ result, images }: { result: AskResult; images: AskImage[] }) {
  const received = result.received;
  if (!received) return null;
  const p = received.parameters;
  return (
    <details className="received" data-testid="received">
      <summary>What the model received</summary>
      <dl className="received-facts">
        <dt>Model</dt>
        <dd>
          {result.model.name}
          {result.model.demo ? ' (demo)' : ''} · <code>{result.model.sha256.slice(0, 12)}</code>
        </dd>
        <dt>Parameters</dt>
        <dd>
          {describeDecoding(p)} · at most {p.maxNewTokens} new tokens ·{' '}
          {p.imagePixels ? `${describePixels(p.imagePixels)} · ` : ''}specialty{' '}
          {specialtyTitle(p.specialty)} ·{' '}
          {p.perspective === 'all' ? 'all four perspectives' : perspectiveTitle(p.perspective)}
        </dd>
        <dt>Prompt</dt>
        <dd>{result.usage.promptTokens} tokens (all perspectives)</dd>
      </dl>
      {received.images.length > 0 ? (
        <ul className="received-images" aria-label="Images the model received">
          {received.images.map((size) => {
            const image = images[size.index - 1];
            const dims =
              size.width && size.height ? `${size.width}×${size.height}` : 'size unknown';
            return (
              <li key={size.index}>
                {image ? (
                  <img
                    src={imageDataUrl(image)}
                    alt={`Image ${size.index} as the model received it, ${dims} pixels`}
                    width={size.width}
                    height={size.height}
                  />
                ) : null}
                <span>
                  &lt;image {size.index}&gt; · {dims}
                  {size.modelSize
                    ? ` · the model saw ${size.modelSize[0]}×${size.modelSize[1]}`
                    : null}
                  {size.tokens !== undefined ? ` · ${size.tokens} vision tokens` : ''}
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="hint">No image: the question went as text only.</p>
      )}
      {received.prompts.map((prompt) => (
        <section key={prompt.perspective} className="received-prompt">
          {received.prompts.length > 1 ? <h4>{perspectiveTitle(prompt.perspective)}</h4> : null}
          {prompt.messages.map((m, i) => (
            <div key={i}>
              <span className="received-role">{ROLE_TITLES[m.role]}</span>
              <pre data-role={m.role}>{m.text}</pre>
            </div>
          ))}
        </section>
      ))}
    </details>
  );
}
