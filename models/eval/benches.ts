/**
 * Every `npm run bench -- <name>` benchmark, registered here. Each entry loads
 * its module lazily so one benchmark's dependencies do not slow another.
 * A benchmark prints what it measured side by side with its reference and the
 * ratio between them, and returns nothing.
 */
export interface Benchmark {
  summary: string;
  run(args: string[]): Promise<void>;
}

export const benches: Record<string, Benchmark> = {};
