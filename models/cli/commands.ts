import type { Command } from './command';
import { serveCommand } from '../../electron/web/serveCommand';
import { benchCommand } from './benchCommand';
import { versionCommand } from './versionCommand';

/**
 * Every `mmx` subcommand, registered in this one place. Add a command by
 * importing its module here; main.ts does the dispatch and --help.
 */
export const commands: Command[] = [versionCommand, benchCommand, serveCommand] as Command[];
