import type { ESLint } from 'eslint';

/** The boundary rules' names, without the `boundaries/` prefix. */
export declare const boundaryRuleNames: readonly string[];
export declare const importBoundaries: ESLint.Plugin;
