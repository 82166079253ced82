import type { Guideline } from './guidelineSchema';

/**
 * The licence notice every ACR reporting system carries: the ACR holds the
 * copyright of TI-RADS, Lung-RADS, LI-RADS, PI-RADS, O-RADS and BI-RADS, so a
 * summary may restate categories and thresholds only, in our own words.
 */
export const ACR_NOTICE =
  'ACR reporting systems are copyrighted by the American College of Radiology.';

/** An ACR reporting and data system: issued or co-issued by the ACR and named "… Reporting and Data System" or "…-RADS". */
export const isAcrReportingSystem = (g: Pick<Guideline, 'issuer' | 'title'>): boolean =>
  /American College of Radiology|\bACR\b/.test(g.issuer) &&
  /Reporting and Data System|\b[A-Z]+-RADS\b/i.test(g.title);

/**
 * What the bundled packs must carry beyond the schema, which user packs in
 * MMX_GUIDELINE_DIRS may leave out: the edition summarised and the date of the
 * last review (the citation drawer and exports show both, so a learner never
 * takes an old summary for current practice), the published source of every
 * paraphrase, and the ACR notice on ACR reporting systems.
 */
export function bundledGuidelineIssues(g: Guideline): string[] {
  const issues: string[] = [];
  if (!g.edition) issues.push(`${g.id}: names no edition`);
  if (!g.reviewed) issues.push(`${g.id}: has no review date`);
  if (g.licence.kind === 'paraphrase' && !g.reference)
    issues.push(`${g.id}: names no published source (reference)`);
  if (isAcrReportingSystem(g) && !g.licence.note.includes(ACR_NOTICE))
    issues.push(`${g.id}: is an ACR reporting system without the ACR notice`);
  return issues;
}
