import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SPECIALTIES } from '../../../electron/common/schemas/specialties';
import type { Sample } from './sampleSchema';

export type SftStyle = 'llamafactory' | 'trl';

const SYSTEM =
  'You are a medical imaging expert. Think step by step inside <think></think>, citing guideline passages as [guideline-id#passage-id], then give the final answer inside <answer></answer>.';

function userText(sample: Sample): string {
  const options = sample.options
    ? `\n\nOptions:\n${Object.entries(sample.options)
        .map(([k, v]) => `(${k}) ${v}`)
        .join('\n')}`
    : '';
  const perspectives = [...new Set(sample.reasoning.map((s) => s.perspective))];
  const hint =
    perspectives.length === 1 ? `\n\nReason from the ${perspectives[0]} perspective.` : '';
  return `${sample.question}${options}${hint}`;
}

/** The assistant turn: numbered steps with their citations, then the answer. */
export function assistantText(sample: Sample): string {
  const steps = sample.reasoning.map((step, i) => {
    const missing = step.guideline_refs.filter((ref) => !step.text.includes(`[${ref}]`));
    return `${i + 1}. ${step.text}${missing.length > 0 ? ` ${missing.map((r) => `[${r}]`).join(' ')}` : ''}`;
  });
  return `<think>\n${steps.join('\n')}\n</think>\n<answer>${sample.answer}</answer>`;
}

/**
 * One chat-format training record. `llamafactory`: ShareGPT-style messages
 * with one `<image>` placeholder per image and an `images` list (LLaMA-Factory
 * data/README "multimodal"); `trl`: content parts `{type: "image"}` /
 * `{type: "text"}` with an `images` list (TRL SFTTrainer vision datasets).
 */
export function sftRecord(sample: Sample, style: SftStyle): Record<string, unknown> {
  const images = sample.images.map((i) => i.path);
  const user = userText(sample);
  const answer = assistantText(sample);
  if (style === 'llamafactory') {
    return {
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: `${'<image>'.repeat(images.length)}${user}` },
        { role: 'assistant', content: answer },
      ],
      images,
    };
  }
  return {
    messages: [
      { role: 'system', content: [{ type: 'text', text: SYSTEM }] },
      {
        role: 'user',
        content: [...images.map(() => ({ type: 'image' })), { type: 'text', text: user }],
      },
      { role: 'assistant', content: [{ type: 'text', text: answer }] },
    ],
    images,
  };
}

export interface SftExport {
  dir: string;
  files: Record<string, number>;
  skippedWithoutReasoning: number;
}

/**
 * Writes one JSONL per specialty (the DSA stage trains one expert per
 * specialty) into a new folder, atomically. Samples without reasoning are
 * skipped and counted: SFT on reasoning traces needs the traces.
 */
export async function exportSft(
  samples: readonly Sample[],
  outDir: string,
  style: SftStyle = 'llamafactory',
): Promise<SftExport> {
  const existing = await readdir(outDir).catch(() => []);
  if (existing.length > 0)
    throw new Error(`exportSft: output ${outDir} already exists and is not empty`);
  const bySpecialty = new Map<string, string[]>();
  let skipped = 0;
  for (const sample of samples) {
    if (sample.reasoning.length === 0) {
      skipped++;
      continue;
    }
    const lines = bySpecialty.get(sample.specialty) ?? [];
    lines.push(JSON.stringify(sftRecord(sample, style)));
    bySpecialty.set(sample.specialty, lines);
  }
  const temp = join(
    dirname(resolve(outDir)),
    `.${basename(outDir)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  await mkdir(temp);
  try {
    const files: Record<string, number> = {};
    const info: Record<string, unknown> = {};
    for (const specialty of SPECIALTIES) {
      const lines = bySpecialty.get(specialty);
      if (!lines) continue;
      const file = `${specialty}.jsonl`;
      await writeFile(join(temp, file), `${lines.join('\n')}\n`);
      files[file] = lines.length;
      info[`mmedexpert-${specialty}`] = {
        file_name: file,
        formatting: 'sharegpt',
        columns: { messages: 'messages', images: 'images' },
        tags: {
          role_tag: 'role',
          content_tag: 'content',
          user_tag: 'user',
          assistant_tag: 'assistant',
          system_tag: 'system',
        },
      };
    }
    if (style === 'llamafactory')
      await writeFile(join(temp, 'dataset_info.json'), `${JSON.stringify(info, null, 2)}\n`);
    await rename(temp, outDir);
    return { dir: outDir, files, skippedWithoutReasoning: skipped };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}
