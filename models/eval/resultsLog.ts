import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { z } from 'zod';

/**
 * One line of RUN_DIR/results.jsonl. `answered` rows are final (a --resume
 * skips them); `bad-data` and `model-error` rows are asked again on resume
 * and the last row of an id wins.
 */
export const resultRowSchema = z.object({
  id: z.string(),
  status: z.enum(['answered', 'bad-data', 'model-error']),
  /** The extracted option letter; null when the output named none. */
  prediction: z.string().nullable(),
  label: z.string().nullable(),
  correct: z.boolean(),
  /** The model's raw output. */
  raw: z.string(),
  /** How the answer was found (parseAnswer's `via`). */
  via: z.string().nullable(),
  tokens: z.number().int().nonnegative(),
  ms: z.number().nonnegative(),
  error: z.string().optional(),
  categories: z.record(z.string(), z.string()),
  /** Answer confidence: option letter → probability at the answer letter; null when the backend gave none. */
  probabilities: z.record(z.string(), z.number()).nullable().optional(),
});
export type ResultRow = z.infer<typeof resultRowSchema>;

/**
 * Reads results.jsonl. A torn last line (a crash mid-write) and any line that
 * is not a valid row are skipped; `validBytes` is where the intact lines end.
 */
export function readResults(file: string): {
  rows: ResultRow[];
  skippedLines: number;
  validBytes: number;
} {
  if (!existsSync(file)) return { rows: [], skippedLines: 0, validBytes: 0 };
  const buffer = readFileSync(file);
  const lastNewline = buffer.lastIndexOf(0x0a);
  const validBytes = lastNewline + 1;
  const rows: ResultRow[] = [];
  let skippedLines = validBytes < buffer.length ? 1 : 0;
  for (const line of buffer.subarray(0, validBytes).toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    let parsed: ReturnType<typeof resultRowSchema.safeParse> | undefined;
    try {
      parsed = resultRowSchema.safeParse(JSON.parse(line));
    } catch {
      parsed = undefined;
    }
    if (parsed?.success) rows.push(parsed.data);
    else skippedLines++;
  }
  return { rows, skippedLines, validBytes };
}

/** The last row of each id (later lines supersede earlier ones). */
export function latestRows(rows: readonly ResultRow[]): Map<string, ResultRow> {
  const map = new Map<string, ResultRow>();
  for (const row of rows) map.set(row.id, row);
  return map;
}

/**
 * Appends rows to results.jsonl, one line per write, flushed to disk before
 * append() returns, so an interrupted run loses at most the question that was
 * running. A torn tail left by a crash is cut off first so the next row
 * starts on its own line.
 */
export class ResultsWriter {
  private fd: number | undefined;

  constructor(readonly file: string) {
    if (existsSync(file)) {
      const { validBytes } = readResults(file);
      truncateSync(file, validBytes);
    }
    this.fd = openSync(file, 'a');
  }

  append(row: ResultRow): void {
    if (this.fd === undefined) throw new Error('ResultsWriter.append: the log is closed');
    writeSync(this.fd, `${JSON.stringify(resultRowSchema.parse(row))}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
