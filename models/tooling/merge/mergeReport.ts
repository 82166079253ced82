import { emptyTally, type MergeMethod, type ModuleTally } from './mergeKernel';

export interface ExpertReport {
  expert: string;
  weight: number;
  /** TIES magnitude threshold of |w·ΔW| in this module (ties only). */
  threshold?: number;
  keptEntries: number;
  trimmedEntries: number;
  trimmedFraction: number;
  keptMass: number;
  trimmedMass: number;
  trimmedMassFraction: number;
  /** Kept non-zero entries whose sign lost the election. */
  electedAway: number;
  contributedMass: number;
  /** contributedMass / Σ|merged| — how much of the result came from this expert. */
  contributedShare: number;
}

export interface ModuleReport {
  name: string;
  shape: [number, number];
  entries: number;
  votedEntries: number;
  conflictEntries: number;
  /** Entries whose kept non-zero values disagree in sign, over entries with any kept value. */
  conflictRate: number;
  mergedMass: number;
  /** ‖ΔW − B·A‖_F / ‖ΔW‖_F of the re-factorised adapter (--format lora). */
  loraRelativeError?: number;
  experts: ExpertReport[];
}

export interface MergeReport {
  method: MergeMethod;
  density?: number;
  seed?: number;
  format: 'delta' | 'lora';
  rank?: number;
  out: string;
  modules: ModuleReport[];
  overall: Omit<ModuleReport, 'name' | 'shape'> & { modules: number; worstConflictModule?: string };
  seconds: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Turns raw tallies into the per-module report entry. */
export function moduleReport(
  name: string,
  shape: [number, number],
  tally: ModuleTally,
  experts: readonly string[],
  weights: readonly number[],
  thresholds?: readonly number[],
): ModuleReport {
  return {
    name,
    shape,
    entries: tally.entries,
    votedEntries: tally.votedEntries,
    conflictEntries: tally.conflictEntries,
    conflictRate: ratio(tally.conflictEntries, tally.votedEntries),
    mergedMass: tally.mergedMass,
    experts: tally.experts.map((t, k) => ({
      expert: experts[k]!,
      weight: weights[k]!,
      ...(thresholds ? { threshold: thresholds[k]! } : {}),
      keptEntries: t.keptEntries,
      trimmedEntries: t.trimmedEntries,
      trimmedFraction: ratio(t.trimmedEntries, t.keptEntries + t.trimmedEntries),
      keptMass: t.keptMass,
      trimmedMass: t.trimmedMass,
      trimmedMassFraction: ratio(t.trimmedMass, t.keptMass + t.trimmedMass),
      electedAway: t.electedAway,
      contributedMass: t.contributedMass,
      contributedShare: ratio(t.contributedMass, tally.mergedMass),
    })),
  };
}

/** Sums module reports into the overall entry (rates recomputed from the sums). */
export function overallReport(
  modules: readonly ModuleReport[],
  experts: readonly string[],
  weights: readonly number[],
): MergeReport['overall'] {
  const tally = emptyTally(experts.length);
  for (const m of modules) {
    tally.entries += m.entries;
    tally.votedEntries += m.votedEntries;
    tally.conflictEntries += m.conflictEntries;
    tally.mergedMass += m.mergedMass;
    m.experts.forEach((e, k) => {
      const t = tally.experts[k]!;
      t.keptEntries += e.keptEntries;
      t.trimmedEntries += e.trimmedEntries;
      t.keptMass += e.keptMass;
      t.trimmedMass += e.trimmedMass;
      t.electedAway += e.electedAway;
      t.contributedMass += e.contributedMass;
    });
  }
  const { name: _name, shape: _shape, ...rest } = moduleReport('', [0, 0], tally, experts, weights);
  const errors = modules
    .map((m) => m.loraRelativeError)
    .filter((e): e is number => e !== undefined);
  const worst = modules.reduce<ModuleReport | undefined>(
    (w, m) => (!w || m.conflictRate > w.conflictRate ? m : w),
    undefined,
  );
  return {
    ...rest,
    ...(errors.length > 0 ? { loraRelativeError: Math.max(...errors) } : {}),
    modules: modules.length,
    ...(worst ? { worstConflictModule: worst.name } : {}),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The short human summary the CLI prints. */
export function summariseMerge(report: MergeReport): string {
  const o = report.overall;
  const worst = report.modules.find((m) => m.name === o.worstConflictModule);
  const how =
    report.method === 'task-arithmetic'
      ? 'task-arithmetic'
      : `${report.method}, density ${report.density}`;
  const lines = [
    `merged ${o.experts.length} expert(s) (${how}) over ${o.modules} module(s), ${o.entries.toLocaleString('en-US')} entries, in ${report.seconds.toFixed(1)} s → ${report.out}`,
    `sign conflicts: ${pct(o.conflictRate)} of entries with a kept value${worst ? ` (worst: ${worst.name}, ${pct(worst.conflictRate)})` : ''}`,
  ];
  if (o.loraRelativeError !== undefined)
    lines.push(
      `rank-${report.rank} re-factorisation: worst relative Frobenius error ${o.loraRelativeError.toExponential(2)}`,
    );
  lines.push('expert  weight  trimmed  trimmed mass  elected away  share of merged mass');
  o.experts.forEach((e, k) => {
    const kept = e.keptEntries;
    lines.push(
      `${String(k + 1).padEnd(6)}  ${e.weight.toFixed(2).padStart(6)}  ${pct(e.trimmedFraction).padStart(7)}  ${pct(e.trimmedMassFraction).padStart(12)}  ${pct(ratio(e.electedAway, kept)).padStart(12)}  ${pct(e.contributedShare).padStart(19)}  ${e.expert}`,
    );
  });
  return lines.join('\n');
}
