import type { BenchItem } from './benchItem';
import { PERSPECTIVE_INSTRUCTIONS } from '../reasoning/perspectives';
import type { Perspective } from '../../electron/common/schemas/reasoning';

/** The reasoning-perspective instruction of models/reasoning (the paper's four GBA perspectives). */
function perspectiveInstruction(perspective: Perspective): string {
  const p = PERSPECTIVE_INSTRUCTIONS[perspective];
  return `${p.title}. ${p.instruction}`;
}

export interface BenchPrompt {
  system?: string;
  prompt: string;
}

const letterRange = (item: BenchItem) => {
  const letters = item.options.map((o) => o.letter);
  return { start: letters[0] ?? 'A', end: letters.at(-1) ?? 'A' };
};

/**
 * MedXpertQA, zero-shot answer-only, as the official evaluation builds it
 * (TsinghuaC3I/MedXpertQA eval/config/prompt_templates.py, eval/main.py
 * zero_shot_ao): system "Please answer only.", user "Q: {question}\nA: Among
 * A through E, the answer is", images after the text in the same turn. The
 * question text already ends with "Answer Choices: (A) ... (E) ..."; where a
 * file lacks it, the choices are appended in the same form.
 *
 * With a perspective the official zero-shot CoT prompt is used ("Let's think
 * step by step."), but in one turn instead of its two: the answer trigger
 * that the official code sends as a second user turn is asked for as the
 * closing sentence, which the extractor reads.
 */
export function medXpertQAPrompt(item: BenchItem, perspective?: Perspective): BenchPrompt {
  const { start, end } = letterRange(item);
  let question = item.question.trim();
  if (!/Answer Choices:/i.test(question)) {
    question += `\nAnswer Choices: ${item.options.map((o) => `(${o.letter}) ${o.text}`).join(' ')}`;
  }
  if (!perspective) {
    return {
      system: 'Please answer only.',
      prompt: `Q: ${question}\nA: Among ${start} through ${end}, the answer is`,
    };
  }
  return {
    system: 'You are a helpful medical assistant.',
    prompt: `${perspectiveInstruction(perspective)}\nEnd with the sentence "Therefore, among ${start} through ${end}, the answer is (X)." where X is one letter.\n\nQ: ${question}\nA: Let's think step by step.`,
  };
}

/**
 * OmniMedVQA, as MedEvalKit asks it (alibaba-damo-academy/MedEvalKit
 * utils/question_formats.py get_multiple_choice_prompt, used by
 * utils/OmniMedVQA/OmniMedVQA.py): "Question: ...\nOptions: \nA. ...\n" then
 * "Answer with the option's letter from the given choices directly." — or,
 * for reasoning (its REASONING=True mode, used here with a perspective), put
 * the letter in one "\boxed{}". MedEvalKit is the kit that reported the
 * Lingshu numbers this report compares against.
 */
export function omniMedVQAPrompt(item: BenchItem, perspective?: Perspective): BenchPrompt {
  const options = item.options.map((o) => `${o.letter}. ${o.text}`).join('\n');
  const body = `\nQuestion: ${item.question}\nOptions: \n${options}`;
  if (!perspective) {
    return { prompt: `${body}\nAnswer with the option's letter from the given choices directly.` };
  }
  return {
    prompt: `${perspectiveInstruction(perspective)}\n${body}\nAnswer with the option's letter from the given choices and put the letter in one "\\boxed{}".`,
  };
}
