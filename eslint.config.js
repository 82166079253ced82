import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'net',
  'url',
  'worker_threads',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'e2e/artifacts/',
      'test-results/',
      'playwright-report/',
      'scratch*/',
      '.tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The renderer is provably free of Node APIs and of back-end internals:
    // it talks to the back end only through renderer/src/bridge.
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeBuiltins,
              message: 'The renderer must not use Node APIs; go through the bridge.',
            },
            {
              regex: '^electron(/|$)',
              message: 'The renderer must not import electron; use window.api via the bridge.',
            },
            {
              group: ['**/electron/main/**', '**/electron/web/**', '**/electron/preload/**'],
              message: 'Only electron/common is shared with the renderer.',
            },
            {
              group: [
                '**/models/runtime/**',
                '**/models/cli/**',
                '**/models/tooling/**',
                '**/models/eval/**',
              ],
              message: 'Node-only back-end code.',
            },
          ],
        },
      ],
    },
  },
  {
    // models/ runs without Electron (CLI, tests): never import electron, never
    // reach into electron/ internals other than the shared contract. The CLI
    // registry is the composition root and may start web mode.
    files: ['models/**/*.ts'],
    ignores: ['models/cli/commands.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^electron(/|$)',
              message:
                "models/ must run without Electron (require('electron') downloads a binary).",
            },
            {
              group: [
                '**/electron/main/**',
                '**/electron/web/**',
                '**/electron/preload/**',
                '**/renderer/**',
              ],
              message: 'models/ may only share electron/common.',
            },
          ],
        },
      ],
    },
  },
  {
    // Isomorphic code: the renderer runs the DICOM decoder, the guideline
    // index and the step parser too, so these folders stay free of Node APIs
    // (Node-only helpers live in the files listed under ignores).
    files: ['models/dicom/**/*.ts', 'models/guidelines/**/*.ts', 'models/reasoning/**/*.ts'],
    ignores: ['models/dicom/node/**', 'models/dicom/testing/**', 'models/guidelines/loadGuidelinePacks.ts', '**/*.test.ts', '**/*.bench.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'Isomorphic code (runs in the renderer too): no Node APIs here.' },
            { regex: '^electron(/|$)', message: 'models/ must run without Electron.' },
            { group: ['**/electron/main/**', '**/electron/web/**', '**/electron/preload/**', '**/renderer/**'], message: 'models/ may only share electron/common.' },
          ],
        },
      ],
    },
  },
  {
    // Only electron/main (run inside Electron) may import electron.
    files: ['electron/common/**/*.ts', 'electron/web/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^electron(/|$)',
              message: 'Only Electron main/preload code may import electron.',
            },
          ],
        },
      ],
    },
  },
);
