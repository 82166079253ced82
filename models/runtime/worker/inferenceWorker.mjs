// Entry of the inference worker process (child_process.fork in the CLI and
// web mode; Electron's utilityProcess.fork may start the same file). Registers
// tsx so the TypeScript sources run as they are, like models/cli/bin.mjs.
import { register } from 'tsx/esm/api';

register();
const { startWorker } = await import('./startWorker.ts');
startWorker();
