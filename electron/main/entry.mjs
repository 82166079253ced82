// Electron's main entry (package.json "main"). Registers tsx so the main
// process runs the TypeScript sources as they are, like the CLI does; the
// sources resolve their data files relative to themselves (import.meta.url).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
