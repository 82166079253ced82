import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { describeJsonSyntaxError } from '../json/describeJson';

export interface JsonlProblem {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

export interface JsonlRows<T> {
  rows: { line: number; value: T; raw: Record<string, unknown> }[];
  problems: JsonlProblem[];
}

/** First zod issue as `path: message`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/**
 * Parses JSONL text line by line against a schema. Blank lines are skipped;
 * every malformed line becomes a problem with its line number instead of
 * stopping the read, so a user sees all of them at once.
 */
export function parseJsonl<S extends z.ZodType>(text: string, schema: S): JsonlRows<z.infer<S>> {
  const rows: JsonlRows<z.infer<S>>['rows'] = [];
  const problems: JsonlProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((lineText, index) => {
    const line = index + 1;
    if (lineText.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(lineText);
    } catch (error) {
      // One line of JSONL is line 1 of its own text: only the column says more.
      const message = describeJsonSyntaxError(lineText, error).replace('at line 1, ', 'at ');
      problems.push({ line, message });
      return;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({ line, message: 'not a JSON object' });
      return;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) problems.push({ line, message: describeIssue(parsed.error) });
    else rows.push({ line, value: parsed.data, raw: raw as Record<string, unknown> });
  });
  return { rows, problems };
}

/** Reads a JSONL file; an unreadable file throws, bad lines become problems. */
export async function readJsonl<S extends z.ZodType>(
  path: string,
  schema: S,
): Promise<JsonlRows<z.infer<S>>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `readJsonl: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseJsonl(text, schema);
}

/** One line summarising problems, for the CLI's single `error:` line. */
export function summariseProblems(file: string, problems: readonly JsonlProblem[]): string {
  const [first] = problems;
  if (!first) return '';
  const more =
    problems.length > 1
      ? ` (${problems.length} malformed lines: ${problems
          .slice(0, 10)
          .map((p) => p.line)
          .join(', ')}${problems.length > 10 ? ', …' : ''})`
      : '';
  return `${file}:${first.line}: ${first.message}${more}`;
}
