/**
 * Deliberate boundary violations, each linted as if it sat at `filePath`
 * (ESLint's lintText), so no violating file lives in the tree. `rule` is the
 * rule that must report it; `rule: undefined` marks a near miss that must
 * lint clean, so a rule cannot pass by banning everything.
 */
export interface BoundaryCase {
  title: string;
  filePath: string;
  code: string;
  rule: string | undefined;
}

export const boundaryCases: BoundaryCase[] = [
  // Isomorphic models/ folders: every Node built-in, imported any way.
  {
    title: 'models/dicom importing zlib',
    filePath: 'models/dicom/internal/__case__.ts',
    code: "import { inflateSync } from 'zlib';\nexport { inflateSync };\n",
    rule: 'boundaries/isomorphic',
  },
  {
    title: 'models/dicom importing buffer',
    filePath: 'models/dicom/__case__.ts',
    code: "import { Buffer } from 'buffer';\nexport { Buffer };\n",
    rule: 'boundaries/isomorphic',
  },
  {
    title: 'models/dicom importing node:events',
    filePath: 'models/dicom/codecs/__case__.ts',
    code: "import { EventEmitter } from 'node:events';\nexport { EventEmitter };\n",
    rule: 'boundaries/isomorphic',
  },
  {
    title: 'models/guidelines importing fs/promises dynamically',
    filePath: 'models/guidelines/__case__.ts',
    code: "export const load = () => import('fs/promises');\n",
    rule: 'boundaries/isomorphic',
  },
  {
    title: 'models/reasoning requiring node:path',
    filePath: 'models/reasoning/__case__.ts',
    code: "export const path: unknown = require('node:path');\n",
    rule: 'boundaries/isomorphic',
  },
  {
    title: 'models/dicom using the Buffer global',
    filePath: 'models/dicom/__case__.ts',
    code: "export const bytes = Buffer.from('DICM');\n",
    rule: 'no-restricted-globals',
  },
  {
    title: 'models/dicom importing sharp',
    filePath: 'models/dicom/__case__.ts',
    code: "export const load = () => import('sharp');\n",
    rule: 'boundaries/isomorphic',
  },
  {
    title: 'models/dicom loading models/dicom/node',
    filePath: 'models/dicom/__case__.ts',
    code: "import { encodePng } from './node/encodePng';\nexport { encodePng };\n",
    rule: 'boundaries/isomorphic',
  },
  {
    title: 'models/dicom importing fflate (allowed: pure JS)',
    filePath: 'models/dicom/__case__.ts',
    code: "import { inflateSync } from 'fflate';\nexport { inflateSync };\n",
    rule: undefined,
  },
  {
    title: 'models/dicom/node importing node:zlib (allowed: the Node-only folder)',
    filePath: 'models/dicom/node/__case__.ts',
    code: "import { inflateSync } from 'node:zlib';\nexport { inflateSync };\n",
    rule: undefined,
  },
  {
    title: 'models/reasoning importing a runtime type (allowed: erased before run time)',
    filePath: 'models/reasoning/__case__.ts',
    code: "import type { ModelRuntime } from '../runtime/ModelRuntime';\nexport type { ModelRuntime };\n",
    rule: undefined,
  },

  // The ML libraries: one inference module, one merge session.
  {
    title: 'models/eval importing onnxruntime-node',
    filePath: 'models/eval/__case__.ts',
    code: "import * as ort from 'onnxruntime-node';\nexport { ort };\n",
    rule: 'boundaries/ml-libraries',
  },
  {
    title: 'models/runtime loading onnxruntime-node dynamically',
    filePath: 'models/runtime/__case__.ts',
    code: "export const load = () => import('onnxruntime-node');\n",
    rule: 'boundaries/ml-libraries',
  },
  {
    title: 'models/runtime/manager importing transformers.js',
    filePath: 'models/runtime/manager/__case__.ts',
    code: "import { env } from '@huggingface/transformers';\nexport { env };\n",
    rule: 'boundaries/ml-libraries',
  },
  {
    title: 'models/tooling importing a type from onnxruntime-common',
    filePath: 'models/tooling/merge/__case__.ts',
    code: "import type { Tensor } from 'onnxruntime-common';\nexport type { Tensor };\n",
    rule: 'boundaries/ml-libraries',
  },
  {
    title: 'a plain .mjs file requiring onnxruntime-node',
    filePath: 'models/runtime/worker/__case__.mjs',
    code: "export const ort = require('onnxruntime-node');\n",
    rule: 'boundaries/ml-libraries',
  },
  {
    title:
      'models/runtime/internal/ml.ts importing onnxruntime-node (allowed: the inference module)',
    filePath: 'models/runtime/internal/ml.ts',
    code: "import * as ort from 'onnxruntime-node';\nexport { ort };\n",
    rule: undefined,
  },
  {
    title: 'the merge session loading onnxruntime-node (allowed: loaded only when merging)',
    filePath: 'models/tooling/lora/createLoraDeltaSession.ts',
    code: "export const load = () => import('onnxruntime-node');\n",
    rule: undefined,
  },
  {
    title:
      'a test helper under testing/ importing onnxruntime-node (allowed: the bare reference loop)',
    filePath: 'models/tinymodels/testing/__case__.ts',
    code: "import * as ort from 'onnxruntime-node';\nexport { ort };\n",
    rule: undefined,
  },

  // electron: only main and preload run inside Electron.
  {
    title: 'a back-end handler importing electron',
    filePath: 'electron/backend/__case__.ts',
    code: "import { app } from 'electron';\nexport { app };\n",
    rule: 'boundaries/no-electron',
  },
  {
    title: 'a back-end handler requiring electron',
    filePath: 'electron/backend/__case__.ts',
    code: "export const electron: unknown = require('electron');\n",
    rule: 'boundaries/no-electron',
  },
  {
    title: 'web mode loading electron dynamically',
    filePath: 'electron/web/__case__.ts',
    code: "export const load = () => import('electron');\n",
    rule: 'boundaries/no-electron',
  },
  {
    title: 'the launcher importing electron',
    filePath: 'electron/__case__.mjs',
    code: "export { app } from 'electron';\n",
    rule: 'boundaries/no-electron',
  },
  {
    title: 'the CLI importing electron',
    filePath: 'models/cli/__case__.ts',
    code: "import { app } from 'electron';\nexport { app };\n",
    rule: 'boundaries/no-electron',
  },
  {
    title: 'electron/main importing electron (allowed)',
    filePath: 'electron/main/__case__.ts',
    code: "import { app } from 'electron';\nexport { app };\n",
    rule: undefined,
  },

  // The back end serves both transports.
  {
    title: 'a back-end handler importing web mode',
    filePath: 'electron/backend/__case__.ts',
    code: "import { startWebServer } from '../web/server';\nexport { startWebServer };\n",
    rule: 'boundaries/backend',
  },
  {
    title: 'a back-end handler importing models/ (allowed)',
    filePath: 'electron/backend/__case__.ts',
    code: "import { verifyModelFolder } from '../../models/runtime/verifyModelFolder';\nexport { verifyModelFolder };\n",
    rule: undefined,
  },

  // models/ and the CLI registry.
  {
    title: 'the CLI registry importing the web server itself',
    filePath: 'models/cli/commands.ts',
    code: "import { startWebServer } from '../../electron/web/server';\nexport { startWebServer };\n",
    rule: 'boundaries/models',
  },
  {
    title: 'the CLI registry importing electron/main',
    filePath: 'models/cli/commands.ts',
    code: "import { registerIpc } from '../../electron/main/ipc';\nexport { registerIpc };\n",
    rule: 'boundaries/models',
  },
  {
    title: 'another CLI command importing the serve command',
    filePath: 'models/cli/askCommand.ts',
    code: "import { serveCommand } from '../../electron/web/serveCommand';\nexport { serveCommand };\n",
    rule: 'boundaries/models',
  },
  {
    title: 'models/runtime importing the back end',
    filePath: 'models/runtime/__case__.ts',
    code: "import { createBackEnd } from '../../electron/backend/createHandlers';\nexport { createBackEnd };\n",
    rule: 'boundaries/models',
  },
  {
    title: 'the CLI registry importing the serve command (allowed: it starts web mode)',
    filePath: 'models/cli/commands.ts',
    code: "import { serveCommand } from '../../electron/web/serveCommand';\nexport { serveCommand };\n",
    rule: undefined,
  },
  {
    title: 'models/ importing the contract (allowed)',
    filePath: 'models/runtime/__case__.ts',
    code: "import { AppError } from '../../electron/common/appError';\nexport { AppError };\n",
    rule: undefined,
  },

  // The renderer: no Node, only the bridge, the contract and isomorphic code.
  {
    title: 'the renderer loading node:child_process dynamically',
    filePath: 'renderer/src/features/studies/__case__.ts',
    code: "export const spawnIt = async () => (await import('node:child_process')).spawn;\n",
    rule: 'boundaries/renderer',
  },
  {
    title: 'the renderer requiring fs',
    filePath: 'renderer/src/__case__.ts',
    code: "export const fs: unknown = require('fs');\n",
    rule: 'boundaries/renderer',
  },
  {
    title: 'the renderer importing models/dicom/node',
    filePath: 'renderer/src/features/viewer/__case__.ts',
    code: "import { encodePng } from '../../../../models/dicom/node/encodePng';\nexport { encodePng };\n",
    rule: 'boundaries/renderer',
  },
  {
    title: 'the renderer importing the guideline pack loader',
    filePath: 'renderer/src/features/reasoning/__case__.ts',
    code: "import { loadGuidelinePacks } from '../../../../models/guidelines/loadGuidelinePacks';\nexport { loadGuidelinePacks };\n",
    rule: 'boundaries/renderer',
  },
  {
    title: 'the renderer importing models/runtime',
    filePath: 'renderer/src/features/models/__case__.ts',
    code: "import { verifyModelFolder } from '../../../../models/runtime/verifyModelFolder';\nexport { verifyModelFolder };\n",
    rule: 'boundaries/renderer',
  },
  {
    title: 'the renderer importing the back end',
    filePath: 'renderer/src/bridge/__case__.ts',
    code: "import { createBackEnd } from '../../../electron/backend/createHandlers';\nexport { createBackEnd };\n",
    rule: 'boundaries/renderer',
  },
  {
    title: 'the renderer importing pngjs',
    filePath: 'renderer/src/__case__.ts',
    code: "import { PNG } from 'pngjs';\nexport { PNG };\n",
    rule: 'boundaries/renderer',
  },
  {
    title: 'the renderer importing electron',
    filePath: 'renderer/src/__case__.ts',
    code: "import { ipcRenderer } from 'electron';\nexport { ipcRenderer };\n",
    rule: 'boundaries/renderer',
  },
  {
    title: "the renderer naming a type of node:fs with typeof import('…')",
    filePath: 'renderer/src/__case__.ts',
    code: "export type Fs = typeof import('node:fs');\n",
    rule: 'boundaries/renderer',
  },
  {
    title: "the renderer using import fs = require('fs')",
    filePath: 'renderer/src/__case__.ts',
    code: "import fs = require('fs');\nexport const read = fs.readFileSync;\n",
    rule: 'boundaries/renderer',
  },
  {
    title: 'the renderer reading process.env',
    filePath: 'renderer/src/__case__.ts',
    code: 'export const home = process.env.HOME;\n',
    rule: 'no-restricted-globals',
  },
  {
    title: 'the renderer importing a module whose name is computed',
    filePath: 'renderer/src/__case__.ts',
    code: "const name = 'f' + 's';\nexport const load = () => import(name);\n",
    rule: 'boundaries/renderer',
  },
  {
    title: 'the renderer importing the DICOM decoder and the contract (allowed)',
    filePath: 'renderer/src/features/viewer/__case__.ts',
    code: "import { parseDicom } from '../../../../models/dicom/index';\nimport { AppError } from '../../../../electron/common/appError';\nimport { create } from 'zustand';\nexport { parseDicom, AppError, create };\n",
    rule: undefined,
  },

  // The contract imports nothing but zod.
  {
    title: 'electron/common importing node:fs',
    filePath: 'electron/common/__case__.ts',
    code: "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n",
    rule: 'boundaries/common',
  },
  {
    title: 'electron/common importing models/',
    filePath: 'electron/common/schemas/__case__.ts',
    code: "import { PERSPECTIVES } from '../../../models/reasoning/perspectives';\nexport { PERSPECTIVES };\n",
    rule: 'boundaries/common',
  },
  {
    title: 'electron/common importing react',
    filePath: 'electron/common/__case__.ts',
    code: "import { useState } from 'react';\nexport { useState };\n",
    rule: 'boundaries/common',
  },
  {
    title: 'electron/common importing zod and its own files (allowed)',
    filePath: 'electron/common/schemas/__case__.ts',
    code: "import { z } from 'zod';\nimport { AppError } from '../appError';\nexport { z, AppError };\n",
    rule: undefined,
  },
];
