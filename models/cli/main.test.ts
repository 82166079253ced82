import { describe, expect, it } from 'vitest';
import { runCli as run } from './testing/runCli';

describe('mmx CLI dispatch', () => {
  it('prints the overview of all commands with --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mmx version');
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
