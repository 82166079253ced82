import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { planReasoning } from '../reasoning/runReasoning';
import { ModelRuntime } from '../runtime/ModelRuntime';
import type { GenerateRequest, GenerateResult } from '../runtime/protocol';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor(s.length / 2)] as number) : NaN;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** One round's figures, all on the worker's clock (GenerateResult.timings). */
interface Round {
  /** Mean over the four perspectives asked one at a time: one perspective's TTFT and total. */
  oneTtft: number;
  oneTotal: number;
  /** Unshared: four generate calls in a row; every perspective's first token, and the whole. */
  unsharedAllFirst: number;
  unsharedTotal: number;
  /** Shared: one generate-forks call. */
  sharedFirst: number;
  sharedStreamedFirst: number;
  /** The last perspective's first token event: the perspectives stream one after another. */
  sharedLastStreamedFirst: number;
  sharedAllFirst: number;
  sharedTotal: number;
  /** The consensus (parsing, linking and voting over the four texts; no model call). */
  consensusMs: number;
  same: boolean;
  lengths: number[];
  promptTokens: number;
  sharedTokens: number;
}

/**
 * `npm run bench -- perspectives [-- --tokens N --rounds R]`: "All four +
 * consensus" with the shared prefill (one generate-forks call) beside the
 * same four prompts as four separate generate calls, on the worker, in one
 * run; the targets are ≤ 1.5× one perspective's time to first token
 * (until every perspective has its first token) and ≤ 4.2× its total.
 * Random fixture (8 layers, hidden 512), the real prompts of planReasoning
 * (system prompt, three guideline passages, question, options, the
 * perspective instruction last) with one 1024×1024 image, which the fixture's
 * processor caps at 448×448 (256 image tokens).
 */
export async function runPerspectivesBench(args: string[]): Promise<void> {
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const maxNewTokens = flag('tokens', 64);
  const rounds = flag('rounds', 3);
  const root = await mkdtemp(path.join(tmpdir(), 'mmx-perspectives-bench-'));
  const dir = path.join(root, 'model');
  const runtime = new ModelRuntime();
  try {
    await buildFixtureModel(dir, { kind: 'random', seed: 1, layers: 8, hidden: 512 });
    const width = 1024;
    const data = new Uint8Array(width * width * 3).map(
      (_, i) => (i * 31 + ((i / 3) % width) * 5) % 256,
    );
    const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
    const plan = planReasoning(packs, {
      question:
        'A 58-year-old former smoker has an incidental solid pulmonary nodule in the right upper lobe on this chest CT. What follow-up does it need?',
      images: [{ rgb: { width, height: width, data } }],
      routing: { modality: 'CT', bodyPart: 'CHEST' },
      perspective: 'all',
      options: {
        A: 'No routine follow-up',
        B: 'CT at 6-12 months, then consider CT at 18-24 months',
        C: 'CT at 3 months, PET/CT or tissue sampling',
        D: 'Annual low-dose CT screening only',
      },
    });
    const requests: GenerateRequest[] = plan.perspectives.map((p) => ({
      messages: plan.messages(p),
      maxNewTokens,
    }));
    await runtime.load(dir);

    const unshared = async () => {
      const results: GenerateResult[] = [];
      for (const request of requests) results.push(await runtime.generate(request));
      return results;
    };
    // Also when the first token is streamed (its event's elapsedMs, worker clock): the first
    // fork's, right after its own prefill (the other forks are prefilled before its second token).
    let streamedFirst: number[] = [];
    const shared = () => {
      streamedFirst = requests.map(() => NaN);
      return runtime.generateForks(requests, {
        onEvent: (fork, e) => {
          if (e.type === 'token' && e.index === 0) streamedFirst[fork] = e.elapsedMs;
        },
      });
    };
    const consensus = (results: GenerateResult[]) => {
      const started = performance.now();
      plan.output(results.map((r, i) => ({ perspective: plan.perspectives[i]!, text: r.text })));
      return performance.now() - started;
    };
    await unshared(); // warm-up
    await shared();

    const measured: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate the order so neither side always runs right after the other.
      const first = r % 2 === 0 ? await unshared() : await shared();
      const second = r % 2 === 0 ? await shared() : await unshared();
      const [alone, forked] = r % 2 === 0 ? [first, second] : [second, first];
      const totals = alone.map((x) => x.timings.totalMs);
      measured.push({
        oneTtft: mean(alone.map((x) => x.timings.timeToFirstTokenMs)),
        oneTotal: mean(totals),
        unsharedAllFirst: sum(totals.slice(0, -1)) + alone.at(-1)!.timings.timeToFirstTokenMs,
        unsharedTotal: sum(totals),
        sharedFirst: forked[0]!.timings.timeToFirstTokenMs,
        sharedStreamedFirst: Math.min(...streamedFirst),
        sharedLastStreamedFirst: Math.max(...streamedFirst),
        sharedAllFirst: Math.max(...forked.map((x) => x.timings.timeToFirstTokenMs)),
        sharedTotal: sum(forked.map((x) => x.timings.totalMs)),
        consensusMs: consensus(forked),
        same: forked.every((x, i) => x.tokenIds.join() === alone[i]!.tokenIds.join()),
        lengths: forked.map((x) => x.tokenIds.length),
        promptTokens: forked[0]!.usage.promptTokens,
        sharedTokens: forked[0]!.sharedPromptTokens ?? 0,
      });
    }

    const pick = (f: (x: Round) => number) => median(measured.map(f));
    const ratio = (f: (x: Round) => number, g: (x: Round) => number) =>
      median(measured.map((x) => f(x) / g(x)));
    const ms = (x: number) => `${x.toFixed(0)} ms`;
    const row = (label: string, time: string, ratioText: string, target = '') =>
      `${label.padEnd(64)}${time.padStart(10)}${ratioText.padStart(10)}${target.padStart(10)}`;
    const lengths = [...new Set(measured.flatMap((x) => x.lengths))];
    const consensus4 = (x: Round) => x.sharedTotal + x.consensusMs;
    const lines = [
      `perspectives bench: random fixture, 8 layers, hidden 512, ${measured[0]?.promptTokens}-token prompts (${measured[0]?.sharedTokens} shared) with one ${width}×${width} image, ${maxNewTokens} tokens each, ${rounds} rounds after a warm-up, worker clock, medians over rounds`,
      `"one" = one perspective asked alone (mean of the four asked one at a time); ratio = median over rounds of (figure / the same round's one)`,
      row('', 'time', '× one', 'target'),
      row('one perspective: time to first token', ms(pick((x) => x.oneTtft)), '1.00'),
      row('one perspective: total', ms(pick((x) => x.oneTotal)), '1.00'),
      row(
        'shared 4 + consensus: first perspective’s first token',
        ms(pick((x) => x.sharedFirst)),
        ratio(
          (x) => x.sharedFirst,
          (x) => x.oneTtft,
        ).toFixed(2),
      ),
      row(
        'shared 4 + consensus: first token streamed to the user',
        ms(pick((x) => x.sharedStreamedFirst)),
        ratio(
          (x) => x.sharedStreamedFirst,
          (x) => x.oneTtft,
        ).toFixed(2),
      ),
      row(
        'shared 4 + consensus: every perspective has its first token',
        ms(pick((x) => x.sharedAllFirst)),
        ratio(
          (x) => x.sharedAllFirst,
          (x) => x.oneTtft,
        ).toFixed(2),
        '≤ 1.5',
      ),
      // The first tokens exist on the worker by then, but the perspectives stream one after
      // another: the user sees the last one's first token after the others' whole answers.
      row(
        'shared 4 + consensus: last perspective’s first token streamed',
        ms(pick((x) => x.sharedLastStreamedFirst)),
        ratio(
          (x) => x.sharedLastStreamedFirst,
          (x) => x.oneTtft,
        ).toFixed(2),
      ),
      row(
        'shared 4 + consensus: total',
        ms(pick(consensus4)),
        ratio(consensus4, (x) => x.oneTotal).toFixed(2),
        '≤ 4.2',
      ),
      row(
        'unshared 4 (4 generate calls): every perspective’s first token',
        ms(pick((x) => x.unsharedAllFirst)),
        ratio(
          (x) => x.unsharedAllFirst,
          (x) => x.oneTtft,
        ).toFixed(2),
      ),
      row(
        'unshared 4 + consensus: total',
        ms(pick((x) => x.unsharedTotal + x.consensusMs)),
        ratio(
          (x) => x.unsharedTotal + x.consensusMs,
          (x) => x.oneTotal,
        ).toFixed(2),
      ),
      // Another process on a small machine can halve one side's speed for a round, which moves
      // that round's ratio far from the others: the spread shows when the median needs more rounds.
      `every perspective's first token / one, per round: ${measured.map((x) => (x.sharedAllFirst / x.oneTtft).toFixed(2)).join(' ')}`,
      `consensus (parse, link, vote over the four texts; no model call): ${pick((x) => x.consensusMs).toFixed(1)} ms, included in both 4 + consensus totals`,
      `answer lengths: ${lengths.join(', ')} tokens${lengths.length > 1 ? ' (NOT equal: an EOS came early; the total ratio is not for equal lengths)' : ' (equal)'}`,
      `tokens of the shared run identical to the unshared runs: ${measured.every((x) => x.same) ? 'yes' : 'NO'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await runtime.dispose();
    await rm(root, { recursive: true, force: true });
  }
}
