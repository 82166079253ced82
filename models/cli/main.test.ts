import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from './testing/runCli';

describe('mmx CLI dispatch', () => {
  it('prints the overview of all commands with --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mmx version');
  });

  it('prints the version for --version and -V, as the version command does', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await run([flag]);
      expect(r.code, flag).toBe(0);
      expect(r.stdout).toMatch(/^mmedexpert-desktop \d+\.\d+\.\d+ \(node /);
    }
    expect(JSON.parse((await run(['--version', '--json'])).stdout).version).toMatch(/^\d+\./);
  });

  it('answers an unknown command with one error line and exit 2', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown command 'frobnicate' (see 'mmx --help')\n");
  });

  it('rejects an unknown flag with one error line and no stack', async () => {
    const r = await run(['version', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*--bogus/);
  });

  it('prints one JSON document with --json', async () => {
    const r = await run(['version', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { name: string; node: string };
    expect(doc.name).toBe('mmedexpert-desktop');
    expect(doc.node).toBe(process.versions.node);
  });

  it('shows the usage line of a command with --help', async () => {
    const r = await run(['version', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: mmx version/);
  });
});

describe('mmx errors', () => {
  let empty: string;
  let image: string;
  beforeAll(async () => {
    empty = await mkdtemp(join(tmpdir(), 'mmx-empty-model-'));
    image = join(empty, '..', `${basename(empty)}.png`);
    const png = new PNG({ width: 8, height: 8 });
    png.data.fill(255);
    await writeFile(image, PNG.sync.write(png));
  });
  afterAll(async () => {
    await rm(empty, { recursive: true, force: true });
    await rm(image, { force: true });
  });

  it('prints the title and the suggestion the app shows, on one line, for ask on an empty folder', async () => {
    const r = await run(['ask', '--model', empty, '--image', image, '--question', 'Q']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toBe(
      "error: The model could not be loaded: config.json is missing — Run 'mmx model verify <folder>' to list what is wrong with the model folder.\n",
    );
    expect(r.stdout).toBe('');
  });

  it('also prints the error as one JSON document on stdout with --json', async () => {
    const r = await run(['ask', '--model', empty, '--question', 'Q', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { error: Record<string, string> };
    expect(doc.error).toMatchObject({
      code: 'model-load-failed',
      title: 'The model could not be loaded',
      suggestion: "Run 'mmx model verify <folder>' to list what is wrong with the model folder.",
    });
    expect(r.stderr).toMatch(/^error: The model could not be loaded: .* — Run 'mmx model verify/);
  });

  it('gives a usage error the code "usage" in the JSON document', async () => {
    const r = await run(['version', '--json', '--bogus']);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as { error: { code: string } }).error.code).toBe('usage');
  });

  it('keeps one JSON document when the command wrote its own before failing', async () => {
    const r = await run(['model', 'verify', empty, '--json']);
    expect(r.code).toBe(1);
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
  });
});
