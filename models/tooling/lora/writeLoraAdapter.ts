import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SafetensorsDtype } from '../safetensors/dtypes';
import { createSafetensorsWriter } from '../safetensors/createSafetensorsWriter';

export interface LoraModuleFactors {
  name: string;
  /** [rank, in] row-major. */
  a: Float32Array;
  /** [out, rank] row-major. */
  b: Float32Array;
  rank: number;
  inFeatures: number;
  outFeatures: number;
}

/**
 * Writes a PEFT-layout LoRA adapter folder (adapter_config.json +
 * adapter_model.safetensors). Used by tests, the merge benchmark and anyone
 * who builds adapters outside PyTorch.
 */
export async function writeLoraAdapter(
  dir: string,
  modules: readonly LoraModuleFactors[],
  config: Record<string, unknown> & { r: number; lora_alpha: number },
  dtype: Extract<SafetensorsDtype, 'F32' | 'F16' | 'BF16'> = 'F32',
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const writer = await createSafetensorsWriter(
    join(dir, 'adapter_model.safetensors'),
    modules.flatMap((m) => [
      { name: `${m.name}.lora_A.weight`, dtype, shape: [m.rank, m.inFeatures] },
      { name: `${m.name}.lora_B.weight`, dtype, shape: [m.outFeatures, m.rank] },
    ]),
    { format: 'pt' },
  );
  for (const m of modules) {
    if (m.a.length !== m.rank * m.inFeatures || m.b.length !== m.outFeatures * m.rank) {
      throw new Error(
        `writeLoraAdapter: module '${m.name}' factors do not match rank ${m.rank}, ${m.outFeatures}×${m.inFeatures}`,
      );
    }
    await writer.write(`${m.name}.lora_A.weight`, m.a);
    await writer.write(`${m.name}.lora_B.weight`, m.b);
  }
  await writer.close();
  const targets = [...new Set(modules.map((m) => m.name.split('.').at(-1)!))];
  await writeFile(
    join(dir, 'adapter_config.json'),
    `${JSON.stringify({ peft_type: 'LORA', target_modules: targets, use_rslora: false, ...config }, null, 2)}\n`,
  );
}
