import { Writable } from 'node:stream';
import { parseCommandArgs, type Command, type Options } from '../command';
import { main } from '../main';

/** What one CLI run left behind: its exit code and everything it wrote. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps all text written to it, for tests. */
function captureStream(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** Runs `mmx ARGV` in process, exactly as bin.mjs would, and captures its output. */
export async function runCli(argv: string[]): Promise<CliRun> {
  const out = captureStream();
  const err = captureStream();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

/**
 * Runs one command without main()'s error handling, so a test can assert on
 * the error it throws (UsageError, CliError) rather than on the printed line.
 */
export async function runCommand<O extends Options>(
  command: Command<O>,
  argv: string[],
): Promise<{ stdout: string; stderr: string }> {
  const out = captureStream();
  const err = captureStream();
  await command.run(parseCommandArgs(command, argv), {
    stdout: out.stream,
    stderr: err.stream,
    signal: new AbortController().signal,
  });
  return { stdout: out.text(), stderr: err.text() };
}
