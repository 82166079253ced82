import { cliErrorData, formatCliError } from './cliErrorData';
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

/** `stream` with a flag that turns true on the first write (a command that wrote has its --json document out). */
function trackWrites(stream: NodeJS.WritableStream): {
  stream: NodeJS.WritableStream;
  written: () => boolean;
} {
  let written = false;
  const tracked = new Proxy(stream, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property !== 'write') return value.bind(target);
      return (...args: unknown[]) => {
        written = true;
        return Reflect.apply(value, target, args);
      };
    },
  });
  return { stream: tracked, written: () => written };
}

/**
 * The CLI's frame around `body`: strips --debug, aborts the signal on Ctrl+C,
 * and turns any error into one `error: <title>: <cause> — <suggestion>` line
 * on stderr (with the stack only under --debug), with --json also
 * `{"error":{...}}` on stdout, and an exit code. Never throws. `npm start` runs the serve
 * command through it without loading the whole command registry.
 */
export async function runCli(
  argv: string[],
  io: Partial<CommandIO>,
  body: (args: string[], io: CommandIO) => Promise<number>,
): Promise<number> {
  const output = trackWrites(io.stdout ?? process.stdout);
  const stdout = output.stream;
  const stderr = io.stderr ?? process.stderr;
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const controller = new AbortController();
  const onSigint = () => controller.abort(new CliError('interrupted', 130));
  process.once('SIGINT', onSigint);
  try {
    return await body(args, { stdout, stderr, signal: controller.signal });
  } catch (error) {
    const data = cliErrorData(error);
    stderr.write(`${formatCliError(data)}\n`);
    // --json promises one JSON document on stdout, also when the command fails
    // (unless it already wrote its own, like `mmx model verify --json`).
    if (args.includes('--json') && !output.written())
      stdout.write(`${JSON.stringify({ error: data })}\n`);
    if (debug && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
    if (error instanceof UsageError) return 2;
    if (error instanceof CliError) return error.exitCode;
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
