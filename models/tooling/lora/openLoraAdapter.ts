import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SafetensorsDtype } from '../safetensors/dtypes';
import { openSafetensors, type SafetensorsReader } from '../safetensors/openSafetensors';
import { adapterConfigSchema, configRank, loraScale, type AdapterConfig } from './adapterConfig';
import { describeJsonSyntaxError } from '../../json/describeJson';

export interface LoraModule {
  /** Module name as in the adapter, without `.lora_A.weight` / `.lora_B.weight`. */
  name: string;
  rank: number;
  inFeatures: number;
  outFeatures: number;
  dtype: SafetensorsDtype;
  scale: number;
}

export interface LoraAdapter {
  dir: string;
  config: AdapterConfig;
  /** Modules in file order. */
  modules: Map<string, LoraModule>;
  /** A [rank, in] and B [out, rank] of one module as f32. */
  readFactors(name: string): Promise<{ a: Float32Array; b: Float32Array }>;
  close(): Promise<void>;
}

const factorKey = /^(.+)\.lora_([AB])\.weight$/;

/**
 * Opens a PEFT LoRA adapter folder (adapter_config.json +
 * adapter_model.safetensors) and checks that every module has A [r, in] and
 * B [out, r] of one dtype with the configured rank. Reads headers only.
 */
export async function openLoraAdapter(dir: string): Promise<LoraAdapter> {
  const where = `openLoraAdapter: ${dir}`;
  let configText: string;
  try {
    configText = await readFile(join(dir, 'adapter_config.json'), 'utf8');
  } catch {
    throw new Error(`${where}: no adapter_config.json (is this a PEFT adapter folder?)`);
  }
  let rawConfig: unknown;
  try {
    rawConfig = JSON.parse(configText);
  } catch (error) {
    throw new Error(
      `${where}: adapter_config.json is ${describeJsonSyntaxError(configText, error)}`,
    );
  }
  const parsed = adapterConfigSchema.safeParse(rawConfig);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${where}: adapter_config.json: ${issue?.path.join('.') || 'config'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const config = parsed.data;
  if (config.peft_type !== undefined && config.peft_type !== 'LORA')
    throw new Error(`${where}: peft_type ${config.peft_type} is not LORA`);
  if (config.use_dora)
    throw new Error(
      `${where}: DoRA adapters (use_dora) are not supported: their delta is not s·B·A`,
    );

  const reader: SafetensorsReader = await openSafetensors(
    join(dir, 'adapter_model.safetensors'),
  ).catch((error: Error) => {
    throw new Error(`${where}: ${error.message}`);
  });
  try {
    const pairs = new Map<string, { A?: string; B?: string }>();
    for (const key of reader.tensors.keys()) {
      const match = factorKey.exec(key);
      if (!match)
        throw new Error(
          `${where}: tensor '${key}' is not a lora_A/lora_B weight (embeddings, biases, DoRA magnitudes and modules_to_save are not supported)`,
        );
      const [, name, which] = match as unknown as [string, string, 'A' | 'B'];
      const pair = pairs.get(name) ?? {};
      pair[which] = key;
      pairs.set(name, pair);
    }
    if (pairs.size === 0)
      throw new Error(`${where}: adapter_model.safetensors holds no LoRA weights`);
    const modules = new Map<string, LoraModule>();
    for (const [name, pair] of pairs) {
      if (!pair.A || !pair.B)
        throw new Error(
          `${where}: module '${name}' has lora_${pair.A ? 'A' : 'B'} but no lora_${pair.A ? 'B' : 'A'}`,
        );
      const a = reader.tensors.get(pair.A)!;
      const b = reader.tensors.get(pair.B)!;
      if (a.shape.length !== 2 || b.shape.length !== 2)
        throw new Error(
          `${where}: module '${name}' factors must be 2-D (got A ${JSON.stringify(a.shape)}, B ${JSON.stringify(b.shape)})`,
        );
      const [rank, inFeatures] = a.shape as [number, number];
      const [outFeatures, rankB] = b.shape as [number, number];
      if (rank !== rankB)
        throw new Error(
          `${where}: module '${name}' has lora_A rank ${rank} but lora_B rank ${rankB}`,
        );
      const declared = configRank(config, name);
      if (rank !== declared)
        throw new Error(
          `${where}: module '${name}' has rank ${rank} but adapter_config.json declares r=${declared}`,
        );
      if (a.dtype !== b.dtype)
        throw new Error(`${where}: module '${name}' mixes dtypes (A ${a.dtype}, B ${b.dtype})`);
      if (a.dtype === 'I64' || a.dtype === 'I32')
        throw new Error(`${where}: module '${name}' has integer dtype ${a.dtype}`);
      modules.set(name, {
        name,
        rank,
        inFeatures,
        outFeatures,
        dtype: a.dtype,
        scale: loraScale(config, name),
      });
    }
    return {
      dir,
      config,
      modules,
      async readFactors(name) {
        if (!modules.has(name)) throw new Error(`${where}: no module '${name}'`);
        const [a, b] = await Promise.all([
          reader.readFloat32(`${name}.lora_A.weight`),
          reader.readFloat32(`${name}.lora_B.weight`),
        ]);
        return { a, b };
      },
      close: () => reader.close(),
    };
  } catch (error) {
    await reader.close();
    throw error;
  }
}
