/** The text-bearing fields of one streamed chat-completion delta. */
export interface ChatDelta {
  content?: string | null;
  /** DeepSeek's API and vLLM before 0.9. */
  reasoning_content?: string | null;
  /** vLLM 0.9 and later, OpenRouter, LM Studio. */
  reasoning?: string | null;
}

/**
 * Servers hand reasoning back three ways: inline `<think>…</think>` in
 * `content`, or in a separate `reasoning_content` or `reasoning` field (the
 * server's reasoning parser took the tags out). This folds all three, in
 * any mix, into the one text form the step parser reads: reasoning
 * wrapped in `<think>…</think>`, then the content.
 */
export class ReasoningJoiner {
  private open = false;

  /** The text this delta adds. */
  push(delta: ChatDelta): string {
    // Some vLLM releases fill both reasoning fields with the same text: take one.
    const reasoning = delta.reasoning_content || delta.reasoning || '';
    const content = delta.content ?? '';
    let out = '';
    if (reasoning) {
      if (!this.open) out += '<think>\n';
      this.open = true;
      out += reasoning;
    }
    if (content) {
      out += this.close();
      out += content;
    }
    return out;
  }

  /** Closes reasoning that the stream left open. */
  end(): string {
    return this.close();
  }

  private close(): string {
    if (!this.open) return '';
    this.open = false;
    return '\n</think>\n';
  }
}
