import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { importBoundaries } from './checks/importBoundaries.js';

// The import boundaries the README's "Layout" section promises. Each zone is
// its own rule of checks/importBoundaries.js (static, dynamic and require
// imports alike); checks/eslintBoundaries.test.ts lints a deliberate
// violation of each one and expects it reported, and a near miss that is not.

const nodeBuiltinNames = [
  ...new Set(builtinModules.filter((name) => !name.startsWith('_')).map((n) => n.split('/')[0])),
];
/** Every Node built-in, with or without `node:`, and its subpaths (fs/promises). */
const nodeBuiltins = `^(node:.*|(${nodeBuiltinNames.join('|')})(/.*)?)$`;
const electronModule = '^electron(/|$)';
/** Packages that only work in Node: native addons, loaders, build tools. */
const nodeOnlyPackages =
  '^(sharp|pngjs|onnxruntime-(node|common|web)|@huggingface/transformers|tsx|vite|esbuild|electron)(/|$)';
const mlLibraries = '^(onnxruntime-(node|common|web)|@huggingface/transformers)(/|$)';

const sourceFiles = ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'];
const testFiles = ['**/*.test.{ts,tsx}', '**/*.bench.ts'];

/** Globals that exist only in Node: code that runs in the renderer must not touch them. */
const nodeOnlyGlobals = [
  'Buffer',
  'process',
  'require',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'global',
  'setImmediate',
  'clearImmediate',
].map((name) => ({
  name,
  message: `${name} is a Node global; this code runs in the renderer too (no Node APIs).`,
}));

const modelsForbid = [
  {
    path: '^electron/(main|preload|backend)/',
    message:
      'models/ runs without Electron and may only share electron/common (the contract) with electron/.',
  },
  {
    path: '^electron/web/',
    message:
      'models/ may only share electron/common; only the CLI registry (models/cli/commands.ts) may import electron/web/serveCommand.',
  },
  { path: '^renderer/', message: 'models/ must not depend on the renderer.' },
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
    plugins: { boundaries: importBoundaries },
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
    // electron 45 downloads its binary the first time require('electron')
    // runs; only code that runs inside Electron may load it.
    files: sourceFiles,
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'boundaries/no-electron': [
        'error',
        {
          forbid: [
            {
              specifier: electronModule,
              message:
                'Only electron/main and electron/preload run inside Electron and may import electron (the back end, web mode, models/ and the CLI run without it).',
            },
          ],
        },
      ],
    },
  },
  {
    // Exactly one module loads onnxruntime and transformers.js for inference;
    // the merge tool has its own MatMul session, loaded only when merging.
    // Tests and their helpers (testing/) compare with a bare onnxruntime loop.
    files: sourceFiles,
    ignores: [
      'models/runtime/internal/ml.ts',
      'models/tooling/lora/createLoraDeltaSession.ts',
      '**/testing/**',
      ...testFiles,
    ],
    rules: {
      'boundaries/ml-libraries': [
        'error',
        {
          forbid: [
            {
              specifier: mlLibraries,
              message:
                'Only models/runtime/internal/ml.ts (inference) and models/tooling/lora/createLoraDeltaSession.ts (merging) may load onnxruntime or transformers.js.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer is provably free of Node APIs and of back-end internals:
    // it talks to the back end only through renderer/src/bridge and shares
    // only the contract and the isomorphic models/ folders.
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-globals': ['error', ...nodeOnlyGlobals],
      'boundaries/renderer': [
        'error',
        {
          forbid: [
            {
              specifier: nodeBuiltins,
              message: 'The renderer must not use Node APIs; go through the bridge.',
            },
            {
              specifier: nodeOnlyPackages,
              message:
                'This package needs Node (or Electron); the renderer reaches it only through the bridge.',
            },
            {
              path: '^models/dicom/node/',
              message:
                'models/dicom/node holds the Node-only decoders; the renderer must not load it.',
            },
            {
              path: '^models/guidelines/loadGuidelinePacks',
              message: 'Loading guideline packs reads the disk; the renderer asks the back end.',
            },
          ],
          allowOnly: {
            path: '^(renderer/|docs/|electron/common/|electron/preload/index\\.d|models/(dicom|guidelines|reasoning|random)/)',
            message:
              'The renderer shares only electron/common (the contract), the isomorphic models/dicom, guidelines, reasoning and random, and docs/ (bundled as text); everything else is reached through the bridge.',
          },
        },
      ],
    },
  },
  {
    // models/ runs without Electron (CLI, tests) and never reaches into
    // electron/ internals other than the shared contract.
    files: ['models/**/*.{ts,mts,js,mjs}'],
    rules: {
      'boundaries/models': ['error', { forbid: modelsForbid }],
    },
  },
  {
    // The CLI registry is the composition root: it may start web mode, and
    // nothing else from electron/web.
    files: ['models/cli/commands.ts'],
    rules: {
      'boundaries/models': [
        'error',
        {
          forbid: [
            { ...modelsForbid[1], path: '^electron/web/(?!serveCommand(\\.ts)?$)' },
            modelsForbid[0],
            modelsForbid[2],
          ],
        },
      ],
    },
  },
  {
    // Isomorphic code: the renderer runs the DICOM decoder, the guideline
    // index, the step parser and the seeded PRNG too, so these folders stay
    // free of Node APIs (models/pacs too: its DICOMweb client is fetch only).
    // Node-only parts are named here: models/dicom/node, models/pacs/testing,
    // the dcmtk test helper, the guideline pack loader, and the tests.
    files: [
      'models/dicom/**/*.ts',
      'models/guidelines/**/*.ts',
      'models/reasoning/**/*.ts',
      'models/random/**/*.ts',
      'models/pacs/**/*.ts',
    ],
    ignores: [
      'models/dicom/node/**',
      'models/pacs/testing/**',
      'models/dicom/testing/dcmtk.ts',
      'models/guidelines/loadGuidelinePacks.ts',
      ...testFiles,
    ],
    rules: {
      'no-restricted-globals': ['error', ...nodeOnlyGlobals],
      'boundaries/isomorphic': [
        'error',
        {
          forbid: [
            {
              specifier: nodeBuiltins,
              message:
                'Isomorphic code (runs in the renderer too): no Node APIs here; Node-only code goes in models/dicom/node.',
            },
            {
              specifier: nodeOnlyPackages,
              message: 'Isomorphic code (runs in the renderer too): this package needs Node.',
            },
            {
              path: '^(models/(runtime|cli|tooling|eval|bench|tinymodels|onnx)/|models/dicom/node/|models/dicom/testing/dcmtk|models/guidelines/loadGuidelinePacks)',
              message:
                'Isomorphic code (runs in the renderer too) must not load Node-only models/ code.',
              // A type from the runtime's contract is erased before run time.
              allowTypeOnly: true,
            },
          ],
        },
      ],
    },
  },
  {
    // The back end is shared by both transports (IPC in electron/main, HTTP
    // in electron/web): it must not depend on either, nor on the renderer.
    files: ['electron/backend/**/*.ts'],
    rules: {
      'boundaries/backend': [
        'error',
        {
          forbid: [
            {
              path: '^electron/(main|preload|web)/',
              message:
                'electron/backend is shared by both transports and must not import electron/main, preload or web.',
            },
            { path: '^renderer/', message: 'The back end must not depend on the renderer.' },
          ],
        },
      ],
    },
  },
  {
    // The process-boundary contract is shared by every side, the renderer
    // included: it imports nothing but zod and its own files.
    files: ['electron/common/**/*.ts'],
    ignores: testFiles,
    rules: {
      'boundaries/common': [
        'error',
        {
          allowOnly: {
            specifier: '^zod(/|$)',
            path: '^electron/common/',
            message: 'electron/common (the contract) imports nothing but zod and its own files.',
          },
        },
      ],
    },
  },
);
