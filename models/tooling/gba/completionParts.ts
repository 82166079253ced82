/**
 * Splits a completion of the `<think>…</think><answer>…</answer>` form
 * (MMedExpert-R1 / DeepSeek-R1 convention) into its parts, tolerating
 * missing tags; the rewards judge what is there.
 */
export interface CompletionParts {
  think: string | null;
  answer: string | null;
}

export function completionParts(completion: string): CompletionParts {
  const think = /<think>([\s\S]*?)<\/think>/i.exec(completion);
  const answers = [...completion.matchAll(/<answer>([\s\S]*?)<\/answer>/gi)];
  return {
    think: think ? think[1]!.trim() : null,
    answer: answers.length > 0 ? answers.at(-1)![1]!.trim() : null,
  };
}

/**
 * Reasoning steps of the think block: numbered or bulleted items
 * ("1.", "2)", "-", "Step 3:") when present, else paragraphs.
 */
export function reasoningSteps(think: string): string[] {
  const lines = think.split('\n');
  const marker = /^\s*(?:\d+[.)]|[-*•]|step\s+\d+\s*[:.)-])\s+/i;
  if (lines.some((l) => marker.test(l))) {
    const steps: string[] = [];
    for (const line of lines) {
      if (marker.test(line)) steps.push(line.replace(marker, '').trim());
      else if (line.trim() !== '' && steps.length > 0) steps[steps.length - 1] += ` ${line.trim()}`;
      else if (line.trim() !== '') steps.push(line.trim());
    }
    return steps.filter(Boolean);
  }
  return think
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
