import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  STAMP_FILE,
  rendererBuildStaleness,
  repoRoot,
  sourceFilesOf,
  writeRendererBuildStamp,
} from './rendererBuildStamp';

const scratch = mkdtempSync(join(tmpdir(), 'mmx-build-stamp-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the renderer build stamp', () => {
  let root: string;
  let outDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(scratch, 'repo-'));
    outDir = join(root, 'dist');
    mkdirSync(join(root, 'src'));
    mkdirSync(outDir);
    writeFileSync(join(root, 'src/a.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'src/b.ts'), 'export const b = 2;\n');
    writeFileSync(join(outDir, 'index.html'), '<!doctype html>');
    writeRendererBuildStamp(outDir, ['src/a.ts', 'src/b.ts'], root);
  });

  it('finds a build up to date when nothing changed', () => {
    expect(rendererBuildStaleness(outDir, root)).toBeUndefined();
  });

  it('asks for a build when a source file is touched', () => {
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, 'src/a.ts'), later, later);
    expect(rendererBuildStaleness(outDir, root)).toBe('src/a.ts changed');
  });

  it('asks for a build when a source file is rewritten', () => {
    writeFileSync(join(root, 'src/b.ts'), 'export const b = 22;\n');
    expect(rendererBuildStaleness(outDir, root)).toBe('src/b.ts changed');
  });

  it('asks for a build when a source file was removed', () => {
    rmSync(join(root, 'src/b.ts'));
    expect(rendererBuildStaleness(outDir, root)).toBe('src/b.ts was removed');
  });

  it('asks for a build when the dependencies appear or change', () => {
    writeFileSync(join(root, 'package-lock.json'), '{}');
    expect(rendererBuildStaleness(outDir, root)).toBe('package-lock.json is new');
  });

  it('asks for a build when there is no build or no stamp', () => {
    rmSync(join(outDir, STAMP_FILE));
    expect(rendererBuildStaleness(outDir, root)).toBe('the build has no stamp');
    rmSync(join(outDir, 'index.html'));
    expect(rendererBuildStaleness(outDir, root)).toBe('no build yet');
  });

  it('keeps only repository files of the module graph, without queries', () => {
    const ids = [
      '\0vite/preload-helper.js',
      join(repoRoot, 'node_modules/react/index.js'),
      `${join(repoRoot, 'docs/MODEL-CONTRACT.md')}?raw`,
      join(repoRoot, 'renderer/src/main.tsx'),
      join(tmpdir(), 'elsewhere.ts'),
    ];
    expect(sourceFilesOf(ids)).toEqual(['docs/MODEL-CONTRACT.md', 'renderer/src/main.tsx']);
  });

  it('is written by a real renderer build from what Vite bundled', async () => {
    const { build } = await import('vite');
    const realOut = join(scratch, 'renderer');
    await build({
      configFile: join(repoRoot, 'renderer/vite.config.ts'),
      logLevel: 'silent',
      build: { outDir: realOut },
    });
    const { files } = JSON.parse(readFileSync(join(realOut, STAMP_FILE), 'utf8')) as {
      files: Record<string, unknown>;
    };
    const names = Object.keys(files);
    expect(names).toEqual(
      expect.arrayContaining([
        'renderer/src/main.tsx',
        'renderer/src/bridge/api.ts',
        'electron/common/contract.ts',
        'models/dicom/index.ts',
        'docs/MODEL-CONTRACT.md',
        'renderer/index.html',
        'package-lock.json',
      ]),
    );
    expect(
      names.filter((name) => name.includes('node_modules') || name.endsWith('.test.ts')),
    ).toEqual([]);
    expect(rendererBuildStaleness(realOut)).toBeUndefined();
  });
});
