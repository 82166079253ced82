import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonl } from '../tooling/readJsonl';
import { describeJsonSyntaxError, describeJsonValue, describeMismatch } from './describeJson';

const syntaxError = (text: string): string => {
  try {
    JSON.parse(text);
  } catch (error) {
    return describeJsonSyntaxError(text, error);
  }
  throw new Error('the text parsed');
};

describe('describeJson', () => {
  it('gives the line and column of a syntax error without the text around it', () => {
    expect(syntaxError('{\n  "a": 1,\n  "b": 2,\n}')).toBe('not valid JSON (at line 4, column 1)');
    expect(syntaxError('{"secret": "TOP-SECRET"}x')).toBe('not valid JSON (at line 1, column 25)');
    expect(syntaxError('TOP-SECRET')).toBe('not valid JSON');
    expect(syntaxError('[1, 2')).toMatch(/^not valid JSON/);
    expect(syntaxError('   ')).toBe('not valid JSON (the file is empty)');
  });

  it('names the kind of a value, never the value', () => {
    expect(['s', 1, true, null, [], {}, undefined].map(describeJsonValue)).toEqual([
      'a string',
      'a number',
      'a boolean',
      'null',
      'a list',
      'an object',
      'missing',
    ]);
    expect(describeMismatch('TOP-SECRET', 'BPE')).toBe('got a different string');
    expect(describeMismatch(16, 14)).toBe('got a different number');
    expect(describeMismatch('16', 14)).toBe('got a string');
    expect(describeMismatch(undefined, 14)).toBe('it is missing');
  });

  it('keeps dataset lines out of their JSON problems', () => {
    const { problems } = parseJsonl(
      '{"ok": 1}\n{"name": "Jane^Doe", TOP-SECRET}\n',
      z.object({ ok: z.number() }),
    );
    expect(problems).toEqual([{ line: 2, message: 'not valid JSON (at column 22)' }]);
  });
});
