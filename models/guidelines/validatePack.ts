import type { z } from 'zod';
import {
  guidelineSchema,
  packManifestSchema,
  type Guideline,
  type GuidelinePack,
} from './guidelineSchema';

/** One problem found in a pack, naming the file and the JSON path. */
export interface PackIssue {
  file: string;
  path: string;
  message: string;
}

/** A pack as read from disk (or received as JSON): the manifest and each guideline file, unparsed. */
export interface RawPack {
  manifest: { file: string; data: unknown };
  guidelines: { file: string; data: unknown }[];
}

export const formatIssue = (issue: PackIssue): string =>
  `${issue.file}${issue.path ? `: ${issue.path}` : ''}: ${issue.message}`;

function toIssues(file: string, error: z.ZodError): PackIssue[] {
  return error.issues.map((i) => ({
    file,
    path: i.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, ''),
    message: i.message,
  }));
}

/**
 * Checks one pack against the schema and returns it with every issue found
 * (not just the first), so a user fixing an institutional pack sees them all.
 * `pack` is undefined when any issue was found.
 */
export function validatePack(raw: RawPack): { pack?: GuidelinePack; issues: PackIssue[] } {
  const issues: PackIssue[] = [];
  const manifest = packManifestSchema.safeParse(raw.manifest.data);
  if (!manifest.success) issues.push(...toIssues(raw.manifest.file, manifest.error));
  const guidelines: Guideline[] = [];
  const owner = new Map<string, string>();
  for (const { file, data } of raw.guidelines) {
    const parsed = guidelineSchema.safeParse(data);
    if (!parsed.success) {
      issues.push(...toIssues(file, parsed.error));
      continue;
    }
    const first = owner.get(parsed.data.id);
    if (first)
      issues.push({
        file,
        path: 'id',
        message: `guideline id '${parsed.data.id}' is already used by ${first}`,
      });
    owner.set(parsed.data.id, file);
    guidelines.push(parsed.data);
  }
  if (raw.guidelines.length === 0)
    issues.push({ file: raw.manifest.file, path: '', message: 'the pack has no guideline files' });
  if (issues.length > 0 || !manifest.success) return { issues };
  return { pack: { ...manifest.data, guidelines }, issues };
}

/** Cross-pack checks: pack ids and guideline ids must be unique over everything loaded (citations name them). */
export function validatePackSet(packs: { pack: GuidelinePack; file: string }[]): PackIssue[] {
  const issues: PackIssue[] = [];
  const packIds = new Map<string, string>();
  const guidelineIds = new Map<string, string>();
  for (const { pack, file } of packs) {
    const first = packIds.get(pack.id);
    if (first)
      issues.push({
        file,
        path: 'id',
        message: `pack id '${pack.id}' is already used by ${first}`,
      });
    packIds.set(pack.id, file);
    for (const g of pack.guidelines) {
      const other = guidelineIds.get(g.id);
      if (other && other !== pack.id)
        issues.push({
          file,
          path: 'guidelines',
          message: `guideline id '${g.id}' is also in pack '${other}'`,
        });
      guidelineIds.set(g.id, pack.id);
    }
  }
  return issues;
}
