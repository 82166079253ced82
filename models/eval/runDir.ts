import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  imagePixelsSchema,
  samplingSettingsSchema,
} from '../../electron/common/schemas/generation';

/** RUN_DIR/run.json: what a run asks, so that --resume cannot mix two different runs. */
export const runInfoSchema = z.object({
  benchmark: z.string(),
  modelDir: z.string(),
  perspective: z.string().nullable(),
  /** `mmx eval`'s sampling and image flags, when given. */
  generation: z
    .object({
      sampling: samplingSettingsSchema.optional(),
      imagePixels: imagePixelsSchema.optional(),
    })
    .optional(),
  dataPath: z.string(),
  startedAt: z.string(),
});
export type RunInfo = z.infer<typeof runInfoSchema>;

/** RUN_DIR cannot be used as asked (not empty without --resume, another run's folder, ...). */
export class RunDirError extends Error {
  override name = 'RunDirError';
}

export const runFiles = {
  results: 'results.jsonl',
  reportMd: 'report.md',
  reportJson: 'report.json',
  /** The reliability diagram of the answer confidences, linked from report.md. */
  reliabilitySvg: 'reliability.svg',
  info: 'run.json',
} as const;

/** The reliability diagrams of one category, a panel per value (category names are identifiers). */
export const categoryReliabilityFile = (category: string) => `reliability-${category}.svg`;

/**
 * Makes RUN_DIR ready. Without `resume` a folder that already holds anything
 * is refused (nothing is touched). With `resume` the folder's run.json must
 * describe the same benchmark, model and perspective.
 */
export function prepareRunDir(
  runDir: string,
  info: RunInfo,
  { resume }: { resume: boolean },
): void {
  if (existsSync(runDir)) {
    if (!statSync(runDir).isDirectory())
      throw new RunDirError(`--out ${runDir} is a file, not a folder`);
    const entries = readdirSync(runDir);
    if (entries.length > 0 && !resume) {
      throw new RunDirError(
        `run folder ${runDir} is not empty; pass --resume to continue that run, or choose another --out (nothing was changed)`,
      );
    }
    const infoFile = join(runDir, runFiles.info);
    if (resume && existsSync(infoFile)) {
      let previous: RunInfo;
      try {
        previous = runInfoSchema.parse(JSON.parse(readFileSync(infoFile, 'utf8')));
      } catch {
        throw new RunDirError(`cannot resume: ${infoFile} is unreadable; choose another --out`);
      }
      for (const key of ['benchmark', 'modelDir', 'perspective'] as const) {
        if (previous[key] !== info[key]) {
          throw new RunDirError(
            `cannot resume: ${runDir} is a run with ${key} ${JSON.stringify(previous[key])}, not ${JSON.stringify(info[key])}`,
          );
        }
      }
      const settings = (i: RunInfo) => JSON.stringify(i.generation ?? {});
      if (settings(previous) !== settings(info)) {
        throw new RunDirError(
          `cannot resume: ${runDir} is a run with sampling and image settings ${settings(previous)}, not ${settings(info)}`,
        );
      }
      return;
    }
  } else {
    mkdirSync(runDir, { recursive: true });
  }
  writeFileSync(join(runDir, runFiles.info), `${JSON.stringify(info, null, 2)}\n`);
}
