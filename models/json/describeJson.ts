// Messages about a file's JSON describe its content, never quote it: a
// folder checked as a model (or a pack, or a dataset) may hold anyone's
// config.json, and the message travels to the UI, the CLI and bug reports.
// At most a key name and the type of what was found.

/** What kind of JSON value this is, in words: "a string", "a list", "missing". */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return 'not a JSON value';
  }
}

/** "got a number", or "got a different string" when the type is right but the value is not. */
export function describeMismatch(value: unknown, expected: unknown): string {
  if (value === undefined) return 'it is missing';
  const kind = describeJsonValue(value);
  return kind === describeJsonValue(expected)
    ? `got a different ${kind.replace(/^an? /, '')}`
    : `got ${kind}`;
}

/**
 * Why `text` is not JSON, with the line and column when the parser gave a
 * position. V8's own message quotes the text around the error
 * (`Unexpected token 'T', "TOP-SECRET"... is not valid JSON`), so only the
 * position is taken from it.
 */
export function describeJsonSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (text.trim() === '') return 'not valid JSON (the file is empty)';
  if (message === 'Unexpected end of JSON input') return 'not valid JSON (it ends too early)';
  const at = / at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(message);
  if (!at) return 'not valid JSON';
  const position = Math.min(Number(at[1]), text.length);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `not valid JSON (at line ${line}, column ${column})`;
}
