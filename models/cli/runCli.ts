import { CliError, UsageError, parseCommandArgs, type Command, type CommandIO } from './command';

const HELP_FLAGS = new Set(['--help', '-h']);

export function formatCommandHelp(command: Command): string {
  return [
    `usage: mmx ${command.usage}`,
    '',
    command.summary,
    command.details ? `\n${command.details}` : '',
  ]
    .join('\n')
    .trimEnd();
}

/** `--help` for one command, or its arguments parsed and the command run; returns the exit code. */
export async function runCommand(command: Command, args: string[], io: CommandIO): Promise<number> {
  if (args.some((a) => HELP_FLAGS.has(a))) {
    io.stdout.write(`${formatCommandHelp(command)}\n`);
    return 0;
  }
  const parsed = parseCommandArgs(command, args);
  const code = await command.run(parsed, io);
  return typeof code === 'number' ? code : 0;
}

/**
 * The CLI's frame around `body`: strips --debug, aborts the signal on Ctrl+C,
 * and turns any error into one `error:` line on stderr (with the stack only
 * under --debug) and an exit code. Never throws. `npm start` runs the serve
 * command through it without loading the whole command registry.
 */
export async function runCli(
  argv: string[],
  io: Partial<CommandIO>,
  body: (args: string[], io: CommandIO) => Promise<number>,
): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const controller = new AbortController();
  const onSigint = () => controller.abort(new CliError('interrupted', 130));
  process.once('SIGINT', onSigint);
  try {
    return await body(args, { stdout, stderr, signal: controller.signal });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    stderr.write(`error: ${message.split('\n')[0]}\n`);
    if (debug && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
    if (error instanceof UsageError) return 2;
    if (error instanceof CliError) return error.exitCode;
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
