import { benches } from '../bench/benches';
import { UsageError, defineCommand } from './command';

export const benchCommand = defineCommand({
  path: ['bench'],
  usage: 'bench NAME [ARGS...]   (npm run bench -- NAME)',
  summary: 'run a benchmark that prints our numbers beside a reference, as ratios',
  get details() {
    return `benchmarks:\n${Object.entries(benches)
      .map(([name, b]) => `  ${name.padEnd(10)} ${b.summary}`)
      .join('\n')}`;
  },
  options: {},
  positionals: true,
  passThrough: true,
  async run({ positionals }) {
    const [name, ...rest] = positionals;
    if (!name)
      throw new UsageError(`name a benchmark: ${Object.keys(benches).join(', ') || '(none yet)'}`);
    const bench = benches[name];
    if (!bench)
      throw new UsageError(
        `unknown benchmark '${name}'; known: ${Object.keys(benches).join(', ')}`,
      );
    await bench.run(rest);
  },
});
