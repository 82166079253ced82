import { AppError, type AppErrorData } from '../../electron/common/appError';
import { commands } from './commands';
import { CliError, UsageError, parseCommandArgs, type Command, type CommandIO } from './command';

const HELP_FLAGS = new Set(['--help', '-h']);

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

function formatCommandHelp(command: Command): string {
  return [
    `usage: mmx ${command.usage}`,
    '',
    command.summary,
    command.details ? `\n${command.details}` : '',
  ]
    .join('\n')
    .trimEnd();
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

const firstLine = (text: string) => text.split('\n')[0] ?? '';

/** Any thrown value as the error data IPC and web mode show (title, suggestion; cause = detail). */
export function cliErrorData(error: unknown): AppErrorData {
  if (error instanceof AppError) return error.toData();
  const title = firstLine(error instanceof Error ? error.message : String(error));
  if (error instanceof UsageError) return { code: 'usage', title };
  if (error instanceof CliError)
    return {
      code: error.code,
      title,
      ...(error.suggestion ? { suggestion: error.suggestion } : {}),
    };
  return { code: 'internal', title };
}

/**
 * The one stderr line of an error: the title (with its cause, as IPC shows it
 * folded), then the suggestion the app would show beside it.
 */
export function formatCliError(data: AppErrorData): string {
  const message = data.cause ? `${data.title}: ${firstLine(data.cause)}` : data.title;
  return `error: ${message}${data.suggestion ? ` — ${data.suggestion}` : ''}`;
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
 * Runs the CLI and returns the exit code. Never throws: errors become one
 * `error:` line on stderr (with the stack only under --debug).
 */
export async function main(argv: string[], io: Partial<CommandIO> = {}): Promise<number> {
  const output = trackWrites(io.stdout ?? process.stdout);
  const stdout = output.stream;
  const stderr = io.stderr ?? process.stderr;
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const controller = new AbortController();
  const onSigint = () => controller.abort(new CliError('interrupted', 130));
  process.once('SIGINT', onSigint);
  try {
    const words = args.filter((a) => !a.startsWith('-'));
    const { command, depth } = findCommand(words);
    if (!command || args.slice(0, depth).some((a) => a.startsWith('-'))) {
      const group = commandsUnder(words.slice(0, 1));
      if (args.length === 0 || (args.length === 1 && HELP_FLAGS.has(args[0] ?? ''))) {
        stdout.write(`${topLevelHelp()}\n`);
        return 0;
      }
      if (group.length > 0 && words.length <= 1 && args.some((a) => HELP_FLAGS.has(a))) {
        stdout.write(`${formatOverview(group)}\n`);
        return 0;
      }
      throw new UsageError(
        group.length > 0
          ? `unknown command 'mmx ${words.slice(0, 2).join(' ')}'; try one of: ${group.map((c) => c.path.join(' ')).join(', ')}`
          : `unknown command '${words[0] ?? args[0]}' (see 'mmx --help')`,
      );
    }
    const rest = args.slice(depth);
    if (rest.some((a) => HELP_FLAGS.has(a))) {
      stdout.write(`${formatCommandHelp(command)}\n`);
      return 0;
    }
    const parsed = parseCommandArgs(command, rest);
    const code = await command.run(parsed, { stdout, stderr, signal: controller.signal });
    return typeof code === 'number' ? code : 0;
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
