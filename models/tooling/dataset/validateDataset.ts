import { parseJsonl, type JsonlProblem } from '../readJsonl';
import { sampleSchema, type Sample } from './sampleSchema';

/** Every problem of an MMedExpert JSONL text with its line: schema errors and duplicate ids. */
export function validateDataset(text: string): { samples: Sample[]; problems: JsonlProblem[] } {
  const { rows, problems } = parseJsonl(text, sampleSchema);
  const seen = new Map<string, number>();
  for (const { line, value } of rows) {
    const first = seen.get(value.id);
    if (first !== undefined)
      problems.push({ line, message: `duplicate id '${value.id}' (first on line ${first})` });
    else seen.set(value.id, line);
  }
  problems.sort((a, b) => a.line - b.line);
  return { samples: rows.map((r) => r.value), problems };
}
