import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Thrown for bad input; the CLI prints `error: <message>` and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Thrown for a failure the user should see as one line (exit 1), with what to do about it. */
export class CliError extends Error {
  override name = 'CliError';
  readonly code: string;
  readonly suggestion?: string;
  constructor(
    message: string,
    readonly exitCode = 1,
    { code = 'failed', suggestion }: { code?: string; suggestion?: string } = {},
  ) {
    super(message);
    this.code = code;
    this.suggestion = suggestion;
  }
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  signal: AbortSignal;
}

/** One leaf command, e.g. `mmx dicom info`. */
export interface Command<O extends Options = Options> {
  /** Words after `mmx`, e.g. ['dicom', 'info']. */
  path: string[];
  /** Usage line shown by --help, without the leading `mmx`. */
  usage: string;
  summary: string;
  /** Extra help text (option descriptions). */
  details?: string;
  options: O;
  /** Whether positional arguments are accepted. */
  positionals?: boolean;
  /** Hand every argument after the path on as a positional, flags included (a benchmark parses its own). */
  passThrough?: boolean;
  run(args: ParsedArgs<O>, io: CommandIO): Promise<number | void>;
}

export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

/** Helper that keeps the option types of a command literal. */
export function defineCommand<const O extends Options>(command: Command<O>): Command<O> {
  return command;
}

// A token that is a whole negative number ("-0.25", "-3", "-1e-3"): never a flag of ours.
const NEGATIVE_NUMBER = /^-(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * node:util parseArgs refuses `--weight -0.25` as ambiguous (the value looks
 * like a flag). A negative number cannot be one of our flags, so it is joined
 * to the string option before it (`--weight=-0.25`); any other dash-led value
 * stays ambiguous and is refused.
 */
export function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const name = /^--([^=]+)$/.exec(token)?.[1] ?? shortName(token, options);
    if (
      name &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      NEGATIVE_NUMBER.test(next)
    ) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(token);
  }
  return out;
}

function shortName(token: string, options: Options): string | undefined {
  const short = /^-([^-])$/.exec(token)?.[1];
  return short ? Object.keys(options).find((k) => options[k]?.short === short) : undefined;
}

/** Parses argv for a command; unknown flags become UsageError. */
export function parseCommandArgs<O extends Options>(
  command: Command<O>,
  argv: string[],
): ParsedArgs<O> {
  try {
    // After `--` parseArgs takes every argument as a positional, so the sub-tool sees them in order;
    // it parses its own flags, negative values included.
    const args = command.passThrough ? ['--', ...argv] : joinNegativeValues(argv, command.options);
    const parsed = parseArgs({
      args,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    if (!command.positionals && parsed.positionals.length > 0) {
      throw new UsageError(
        `unexpected argument '${parsed.positionals[0]}' (see 'mmx ${command.path.join(' ')} --help')`,
      );
    }
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${message.split('\n')[0]} (see 'mmx ${command.path.join(' ')} --help')`);
  }
}

/** Reads a required string flag, or throws a UsageError naming it. */
export function requireFlag(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing required flag --${flag}`);
  return value;
}

/** Parses a numeric flag with bounds, or throws a UsageError naming it. */
export function numberFlag(
  value: string | undefined,
  flag: string,
  {
    min = -Infinity,
    max = Infinity,
    integer = false,
    fallback,
  }: { min?: number; max?: number; integer?: boolean; fallback?: number } = {},
): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (
    value.trim() === '' ||
    !Number.isFinite(n) ||
    (integer && !Number.isInteger(n)) ||
    n < min ||
    n > max
  ) {
    const kind = integer ? 'an integer' : 'a number';
    const range = Number.isFinite(min) || Number.isFinite(max) ? ` between ${min} and ${max}` : '';
    throw new UsageError(`--${flag} must be ${kind}${range}, got '${value}'`);
  }
  return n;
}

/** Writes one JSON document (the `--json` convention). */
export function writeJson(io: CommandIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
