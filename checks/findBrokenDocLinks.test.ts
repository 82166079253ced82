import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findBrokenDocLinks, headingAnchors, readFrom } from './findBrokenDocLinks';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// This file's fixtures are broken links on purpose; every other tracked file is checked.
const thisFile = 'checks/findBrokenDocLinks.test.ts';
const trackedFiles = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' })
  .split('\0')
  .filter((file) => file && file !== thisFile);
const readRepo = readFrom(repoRoot);

const missing = 'docs/NOT-THERE.md';

describe('findBrokenDocLinks', () => {
  it('finds every relative link of the repository resolving to a tracked file', () => {
    expect(findBrokenDocLinks(trackedFiles, readRepo)).toEqual([]);
  });

  it('checks the repository’s real links: the README links the model contract', () => {
    expect(trackedFiles).toContain('docs/MODEL-CONTRACT.md');
    expect(readRepo('README.md')).toContain('](docs/MODEL-CONTRACT.md)');
  });

  it('reports a broken link added to a copy of the README, and nothing else', () => {
    const readme = `${readRepo('README.md')}\nSee [the missing page](${missing}).\n`;
    const lines = readme.split('\n').length;
    const read = (file: string) => (file === 'README.md' ? readme : readRepo(file));
    expect(findBrokenDocLinks(trackedFiles, read)).toEqual([
      {
        file: 'README.md',
        line: lines - 1,
        target: missing,
        reason: `${missing} is not a file of the repository`,
      },
    ]);
  });

  it('reports a document path in a UI string that names no file', () => {
    const dialog = 'renderer/src/features/models/ModelsDialog.tsx';
    const read = (file: string) =>
      file === dialog ? `${readRepo(file)}\nconst hint = 'see ${missing}';\n` : readRepo(file);
    expect(findBrokenDocLinks(trackedFiles, read).map((link) => [link.file, link.target])).toEqual([
      [dialog, missing],
    ]);
  });

  it('resolves links relative to their file, checks anchors, and skips code and external links', () => {
    const files = {
      'README.md': [
        '# Top',
        '[ok](docs/A.md) [ok too](docs/A.md#sessions-and-tensors) [folder](docs/)',
        '[bad anchor](docs/A.md#no-such-heading) [own heading](#top) [web](https://example.org/x.md)',
        '`[in code](nowhere.md)`',
        '```',
        '[in a fence](nowhere.md)',
        '```',
        '[ref]: docs/B.md',
      ].join('\n'),
      'docs/A.md': '# A\n\n## Sessions and tensors\n\n[up](../README.md) [sibling](B.md)\n',
      'src/x.ts': "// follows docs/A.md; writes report.md; see README.md\nconst s = 'DESIGN.md';\n",
    };
    const read = (file: string) => files[file as keyof typeof files];
    expect(findBrokenDocLinks(Object.keys(files), read)).toEqual([
      {
        file: 'README.md',
        line: 3,
        target: 'docs/A.md#no-such-heading',
        reason: 'docs/A.md has no heading #no-such-heading',
      },
      {
        file: 'README.md',
        line: 8,
        target: 'docs/B.md',
        reason: 'docs/B.md is not a file of the repository',
      },
      {
        file: 'docs/A.md',
        line: 5,
        target: 'B.md',
        reason: 'docs/B.md is not a file of the repository',
      },
      {
        file: 'src/x.ts',
        line: 2,
        target: 'DESIGN.md',
        reason: 'DESIGN.md is not a file of the repository',
      },
    ]);
  });

  it('derives anchors as GitHub does', () => {
    const anchors = headingAnchors(
      '# Use a real model\n## Pitfalls seen\n## `mmx` CLI: the end?\n## Pitfalls seen\n',
    );
    expect([...anchors]).toEqual([
      'use-a-real-model',
      'pitfalls-seen',
      'mmx-cli-the-end',
      'pitfalls-seen-1',
    ]);
  });
});
