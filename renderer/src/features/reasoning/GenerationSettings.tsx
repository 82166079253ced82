import {
  imageDetailSchema,
  type ImageDetail,
} from '../../../../electron/common/schemas/generation';
import type { ModelEntry } from '../../../../electron/common/schemas/models';
import { selectActiveModel, useAppStore } from '../../store/store';
import { SAMPLING_FIELDS, parseSamplingText, type SamplingField } from './generationSlice';

const FIELD_LABELS: Record<SamplingField, string> = {
  temperature: 'Temperature',
  topP: 'Top-p',
  topK: 'Top-k',
  repetitionPenalty: 'Repetition penalty',
  seed: 'Seed',
};

const DETAIL_LABELS: Record<ImageDetail, string> = { low: 'Low', auto: 'Auto', high: 'High' };

/** What an empty field means: the model's generation_config.json value, else transformers' default. */
function placeholder(field: SamplingField, defaults: ModelEntry['generationDefaults']): string {
  const sampling = defaults?.doSample === true;
  switch (field) {
    case 'temperature':
      return sampling ? `model: ${defaults?.temperature ?? 1}` : 'model: 0 (greedy)';
    case 'topP':
      return `model: ${defaults?.topP ?? 1}`;
    case 'topK':
      return `model: ${defaults?.topK ?? 50}`;
    case 'repetitionPenalty':
      return `model: ${defaults?.repetitionPenalty ?? 1}`;
    case 'seed':
      return 'random';
  }
}

/**
 * The ask form's "Sampling and image detail": temperature, top-p, top-k,
 * repetition penalty and seed (empty: the model's defaults), and the image
 * detail level that decides how many vision tokens each image costs.
 */
export function GenerationSettings() {
  const text = useAppStore((s) => s.samplingText);
  const setText = useAppStore((s) => s.setSamplingText);
  const detail = useAppStore((s) => s.imageDetail);
  const setDetail = useAppStore((s) => s.setImageDetail);
  const model = useAppStore(selectActiveModel);
  const defaults = model?.generationDefaults;
  const { settings, problems } = parseSamplingText(text);
  const temperature =
    settings.temperature ?? (defaults?.doSample ? (defaults.temperature ?? 1) : 0);
  const decoding = temperature > 0 ? `temperature ${temperature}` : 'greedy';
  const problemList = SAMPLING_FIELDS.flatMap((f) => (problems[f] ? [problems[f]] : []));
  return (
    <details className="choices generation-settings">
      <summary>
        Sampling: {decoding}
        {settings.seed !== undefined ? `, seed ${settings.seed}` : ''} · {detail} detail
        {problemList.length > 0 ? ' · a value is out of range' : ''}
      </summary>
      <div className="generation-fields">
        {SAMPLING_FIELDS.map((field) => (
          <label key={field}>
            {FIELD_LABELS[field]}
            <input
              inputMode={field === 'topK' || field === 'seed' ? 'numeric' : 'decimal'}
              value={text[field]}
              placeholder={placeholder(field, defaults)}
              aria-invalid={problems[field] ? true : undefined}
              onChange={(e) => setText(field, e.currentTarget.value)}
            />
          </label>
        ))}
        <label>
          Image detail
          <select
            value={detail}
            onChange={(e) => {
              const parsed = imageDetailSchema.safeParse(e.currentTarget.value);
              if (parsed.success) setDetail(parsed.data);
            }}
          >
            {(['low', 'auto', 'high'] as const).map((d) => (
              <option key={d} value={d}>
                {DETAIL_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">
        Empty fields take the model&apos;s defaults. Image detail: low caps each image at 256 vision
        tokens, auto keeps the model&apos;s pixel bounds, high enlarges small images to 512.
      </p>
      {problemList.length > 0 ? (
        <p className="field-problem" role="alert">
          {problemList.join(' ')}
        </p>
      ) : null}
    </details>
  );
}
