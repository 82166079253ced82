import type { LoraAdapter } from './openLoraAdapter';

/**
 * Throws a clear error unless every expert adapts the same modules with the
 * same rank, shape and dtype — the condition for merging them module by
 * module. The first expert is the reference the others are compared with.
 */
export function checkExpertsMatch(experts: readonly LoraAdapter[]): void {
  const [first, ...rest] = experts;
  if (!first) throw new Error('checkExpertsMatch: no experts given');
  for (const other of rest) {
    const missing = [...first.modules.keys()].filter((m) => !other.modules.has(m));
    const extra = [...other.modules.keys()].filter((m) => !first.modules.has(m));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        missing.length > 0
          ? `lacks ${missing.length} module(s) of ${first.dir}, e.g. '${missing[0]}'`
          : '',
        extra.length > 0
          ? `has ${extra.length} module(s) not in ${first.dir}, e.g. '${extra[0]}'`
          : '',
      ].filter(Boolean);
      throw new Error(`checkExpertsMatch: expert ${other.dir} ${parts.join(' and ')}`);
    }
    for (const [name, a] of first.modules) {
      const b = other.modules.get(name)!;
      if (a.outFeatures !== b.outFeatures || a.inFeatures !== b.inFeatures) {
        throw new Error(
          `checkExpertsMatch: module '${name}' is ${a.outFeatures}×${a.inFeatures} in ${first.dir} but ${b.outFeatures}×${b.inFeatures} in ${other.dir}`,
        );
      }
      if (a.rank !== b.rank)
        throw new Error(
          `checkExpertsMatch: module '${name}' has rank ${a.rank} in ${first.dir} but ${b.rank} in ${other.dir}`,
        );
      if (a.dtype !== b.dtype)
        throw new Error(
          `checkExpertsMatch: module '${name}' is ${a.dtype} in ${first.dir} but ${b.dtype} in ${other.dir}`,
        );
    }
  }
}
