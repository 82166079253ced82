import { commands } from './commands';
import { UsageError, type Command, type CommandIO } from './command';
import { runCli, runCommand } from './runCli';

const HELP_FLAGS = new Set(['--help', '-h']);
// `mmx --version` is what users type first; it is the `version` command.
const VERSION_FLAGS = new Set(['--version', '-V']);

function findCommand(words: string[]): { command?: Command; depth: number } {
  let best: { command?: Command; depth: number } = { depth: 0 };
  for (const command of commands) {
    const n = command.path.length;
    if (n > best.depth && command.path.every((w, i) => words[i] === w))
      best = { command, depth: n };
  }
  return best;
}

/** Commands whose path starts with `prefix`, for group help (`mmx dicom --help`). */
function commandsUnder(prefix: string[]): Command[] {
  return commands.filter((c) => prefix.every((w, i) => c.path[i] === w));
}

function formatOverview(list: Command[]): string {
  const width = Math.max(...list.map((c) => c.path.join(' ').length));
  return list.map((c) => `  mmx ${c.path.join(' ').padEnd(width)}  ${c.summary}`).join('\n');
}

export const topLevelHelp = (): string =>
  [
    'mmx — MMedExpert Desktop command line (DICOM, models, guidelines, benchmarks, training tooling)',
    '',
    'usage: mmx <command> [options]   (mmx <command> --help for details)',
    '',
    formatOverview(commands),
    '',
    'Conventions: --json prints one JSON document on stdout; errors are one line `error: ...`',
    'on stderr with a non-zero exit (--debug shows the stack); with --json also',
    '{"error":{"code","title","suggestion"}} on stdout.',
  ].join('\n');

/**
 * Runs the CLI and returns the exit code. Never throws: errors become one
 * `error:` line on stderr (with the stack only under --debug).
 */
export async function main(argv: string[], io: Partial<CommandIO> = {}): Promise<number> {
  return runCli(argv, io, async (argsGiven, { stdout, stderr, signal }) => {
    const args = VERSION_FLAGS.has(argsGiven[0] ?? '')
      ? ['version', ...argsGiven.slice(1)]
      : argsGiven;
    const words = args.filter((a) => !a.startsWith('-'));
    const { command, depth } = findCommand(words);
    if (!command || args.slice(0, depth).some((a) => a.startsWith('-'))) {
      const group = commandsUnder(words.slice(0, 1));
      if (args.length === 0 || (args.length === 1 && HELP_FLAGS.has(args[0] ?? ''))) {
        stdout.write(`${topLevelHelp()}\n`);
        return 0;
      }
      if (group.length > 0 && words.length <= 1 && args.some((a) => HELP_FLAGS.has(a))) {
        // The usage lines too, so `mmx calc --help` shows every calculator's flags.
        const usages = group.map((c) => `  mmx ${c.usage}`).join('\n');
        stdout.write(`${formatOverview(group)}\n\nusage:\n${usages}\n`);
        return 0;
      }
      throw new UsageError(
        group.length > 0
          ? `unknown command 'mmx ${words.slice(0, 2).join(' ')}'; try one of: ${group.map((c) => c.path.join(' ')).join(', ')}`
          : `unknown command '${words[0] ?? args[0]}' (see 'mmx --help')`,
      );
    }
    return runCommand(command, args.slice(depth), { stdout, stderr, signal });
  });
}
