import type { Command } from './command';
import { serveCommand } from '../../electron/web/serveCommand';
import { benchCommand } from './benchCommand';
import { fuzzCommand } from './fuzzCommand';
import { dicomInfoCommand } from './dicomInfoCommand';
import { dicomRenderCommand } from './dicomRenderCommand';
import { evalCommand } from './evalCommand';
import { mergeCommand } from './mergeCommand';
import { gbaCommand, gbaScoreCommand } from './gbaCommand';
import { datasetCommands } from './datasetCommands';
import { modelFixtureCommand } from './modelFixtureCommand';
import { versionCommand } from './versionCommand';
import { askCommand } from './askCommand';
import { modelCommands } from './modelCommands';
import { guidelinesListCommand, guidelinesSearchCommand } from './guidelinesCommands';
import { calcCommands } from './calcCommands';
import { pacsCommands } from './pacsCommands';

/**
 * Every `mmx` subcommand, registered in this one place. Add a command by
 * importing its module here; main.ts does the dispatch and --help.
 */
export const commands: Command[] = [
  versionCommand,
  benchCommand,
  fuzzCommand,
  dicomInfoCommand,
  dicomRenderCommand,
  serveCommand,
  modelFixtureCommand,
  mergeCommand,
  gbaCommand,
  gbaScoreCommand,
  ...datasetCommands,
  evalCommand,
  ...modelCommands,
  askCommand,
  guidelinesListCommand,
  guidelinesSearchCommand,
  ...calcCommands,
  ...pacsCommands,
] as Command[];
