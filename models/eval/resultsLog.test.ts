import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestRows, readResults, ResultsWriter, type ResultRow } from './resultsLog';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmx-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const row = (id: string, status: ResultRow['status'] = 'answered'): ResultRow => ({
  id,
  status,
  prediction: 'A',
  label: 'A',
  correct: true,
  raw: 'A',
  via: 'letter',
  tokens: 1,
  ms: 5,
  categories: {},
});

describe('results.jsonl', () => {
  it('appends one JSON line per row, readable while the writer is open', () => {
    const file = join(dir, 'results.jsonl');
    const writer = new ResultsWriter(file);
    writer.append(row('Q1'));
    expect(readResults(file).rows.map((r) => r.id)).toEqual(['Q1']);
    writer.append(row('Q2'));
    writer.close();
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
  });

  it('skips a corrupt middle line and a torn tail, and cuts the tail before appending', () => {
    const file = join(dir, 'results.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify(row('Q1'))}\n{"id":"Q2"}\n${JSON.stringify(row('Q3'))}\n{"id":"Q4","sta`,
    );
    expect(readResults(file)).toMatchObject({
      skippedLines: 2,
      rows: [{ id: 'Q1' }, { id: 'Q3' }],
    });
    const writer = new ResultsWriter(file);
    writer.append(row('Q4'));
    writer.close();
    expect(readResults(file).rows.map((r) => r.id)).toEqual(['Q1', 'Q3', 'Q4']);
    expect(readResults(file).skippedLines).toBe(1);
  });

  it('lets a later row of an id replace an earlier one', () => {
    const latest = latestRows([row('Q1', 'model-error'), row('Q2'), row('Q1')]);
    expect(latest.get('Q1')?.status).toBe('answered');
    expect([...latest.keys()]).toEqual(['Q1', 'Q2']);
  });
});
