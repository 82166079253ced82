import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

// The renderer's typecheck proves it is Node-free only while Node's types
// stay out of its program: one file that pulls them in (pngjs's types
// reference them) makes `Buffer` and `process` type-check everywhere.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const rendererConfig = join(repoRoot, 'renderer/tsconfig.json');

function parseRendererConfig(): ts.ParsedCommandLine {
  const { config, error } = ts.readConfigFile(rendererConfig, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, join(repoRoot, 'renderer'));
}

function nodeTypeFiles(program: ts.Program): string[] {
  return program
    .getSourceFiles()
    .map((file) => file.fileName)
    .filter((name) => name.includes('/node_modules/@types/node/'));
}

const scratch = mkdtempSync(join(tmpdir(), 'mmx-renderer-program-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the renderer's program has no Node types", () => {
  const parsed = parseRendererConfig();

  it('names no global type packages', () => {
    expect(parsed.options.types).toEqual([]);
  });

  it('contains no file of @types/node', () => {
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    expect(nodeTypeFiles(program)).toEqual([]);
  });

  it('would show @types/node if a renderer file pulled in a Node-only module', () => {
    const pngEncoder = join(repoRoot, 'models/dicom/node/encodePng.ts');
    const program = ts.createProgram([...parsed.fileNames, pngEncoder], parsed.options);
    expect(nodeTypeFiles(program).length).toBeGreaterThan(0);
  });

  it('rejects a file that uses Buffer or process', () => {
    const file = join(scratch, 'usesNode.ts');
    writeFileSync(
      file,
      "export const bytes = Buffer.from('x');\nexport const home = process.env.HOME;\n",
    );
    const program = ts.createProgram([file], parsed.options);
    const messages = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(messages.some((message) => message.includes("Cannot find name 'Buffer'"))).toBe(true);
    expect(messages.some((message) => message.includes("Cannot find name 'process'"))).toBe(true);
  });
});
