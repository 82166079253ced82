import { z } from 'zod';

/**
 * The fields of a PEFT `adapter_config.json` (peft LoraConfig) that the
 * merge reads; everything else is kept as is.
 */
export const adapterConfigSchema = z
  .object({
    peft_type: z.string().optional(),
    r: z.number().int().positive(),
    lora_alpha: z.number().positive(),
    target_modules: z.union([z.array(z.string()), z.string(), z.null()]).optional(),
    use_rslora: z.boolean().optional().default(false),
    use_dora: z.boolean().optional(),
    base_model_name_or_path: z.string().nullable().optional(),
    rank_pattern: z.record(z.string(), z.number().int().positive()).optional().default({}),
    alpha_pattern: z.record(z.string(), z.number().positive()).optional().default({}),
  })
  .loose();
export type AdapterConfig = z.infer<typeof adapterConfigSchema>;

/**
 * PEFT matches rank_pattern/alpha_pattern keys against the end of a module
 * name (peft/tuners/tuners_utils.py get_pattern_key: `(.*\.)?{key}$`).
 */
function patternValue(pattern: Record<string, number>, moduleName: string): number | undefined {
  for (const [key, value] of Object.entries(pattern)) {
    if (moduleName === key || new RegExp(`(^|\\.)${key}$`).test(moduleName)) return value;
  }
  return undefined;
}

/** The rank the config declares for a module (rank_pattern first, then r). */
export function configRank(config: AdapterConfig, moduleName: string): number {
  return patternValue(config.rank_pattern, moduleName) ?? config.r;
}

/** s = lora_alpha / r, or lora_alpha / √r with rsLoRA (Kalajdzievski 2023; peft LoraLayer.update_layer). */
export function loraScale(config: AdapterConfig, moduleName: string): number {
  const r = configRank(config, moduleName);
  const alpha = patternValue(config.alpha_pattern, moduleName) ?? config.lora_alpha;
  return config.use_rslora ? alpha / Math.sqrt(r) : alpha / r;
}
