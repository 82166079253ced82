import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { boundaryCases } from './boundaryCases';
import { boundaryRuleNames } from './importBoundaries.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

async function lintCase(code: string, filePath: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}${filePath}` });
  return result?.messages ?? [];
}

describe('the lint enforces the import boundaries the README promises', () => {
  for (const testCase of boundaryCases) {
    if (testCase.rule) {
      it(`reports ${testCase.title} with ${testCase.rule}`, async () => {
        const messages = await lintCase(testCase.code, testCase.filePath);
        expect(messages.filter((message) => message.fatal)).toEqual([]);
        expect(messages.map((message) => message.ruleId)).toContain(testCase.rule);
      });
    } else {
      it(`lets through ${testCase.title}`, async () => {
        expect(await lintCase(testCase.code, testCase.filePath)).toEqual([]);
      });
    }
  }

  it('has a deliberate violation for every boundary rule', () => {
    const covered = new Set(boundaryCases.map((testCase) => testCase.rule));
    const rules = boundaryRuleNames.map((name) => `boundaries/${name}`);
    expect(rules.filter((rule) => !covered.has(rule))).toEqual([]);
  });
});
