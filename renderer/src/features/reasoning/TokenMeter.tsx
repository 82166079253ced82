import type { AskResult } from '../../../../electron/common/schemas/ask';
import { ContextBar } from './ContextBar';

/**
 * The prompt against the model's context length: the largest prompt of the
 * run (each perspective is its own prompt) plus what was generated for it.
 */
export function TokenMeter({ result }: { result: AskResult }) {
  const received = result.received;
  const context = received?.parameters.contextLength;
  const prompts = received?.prompts.map((p) => p.promptTokens ?? 0) ?? [];
  const prompt = prompts.length > 0 ? Math.max(...prompts) : result.usage.promptTokens;
  const generated = Math.round(result.usage.completionTokens / Math.max(1, prompts.length));
  if (!context) return null;
  const used = prompt + generated;
  const share = Math.min(1, used / context);
  return (
    <p className="token-meter" data-testid="token-meter">
      <ContextBar context={context} used={used} label="Context used" />
      <span>
        Context: prompt {prompt.toLocaleString('en')} + answer {generated.toLocaleString('en')} of{' '}
        {context.toLocaleString('en')} tokens ({Math.max(share * 100, 0.1).toFixed(1)} %)
      </span>
    </p>
  );
}
