import type { Perspective } from '../../../../electron/common/schemas/reasoning';
import { SPECIALTY_TITLES, isSpecialty } from '../../../../electron/common/schemas/specialties';

export const PERSPECTIVE_LABELS: Record<Perspective, { title: string; hint: string }> = {
  differential: { title: 'Differential', hint: 'candidate diagnoses ruled in or out' },
  intuitive: { title: 'Intuitive', hint: 'pattern recognition' },
  analytical: { title: 'Analytical', hint: 'systematic, feature by feature' },
  bayesian: { title: 'Bayesian', hint: 'pre-test probability, likelihood, post-test' },
};

export const perspectiveTitle = (p: Perspective | null) =>
  p ? PERSPECTIVE_LABELS[p].title : 'Reasoning';
/** The specialty's title; a user pack's own specialty keeps its id. */
export const specialtyTitle = (id: string) => (isSpecialty(id) ? SPECIALTY_TITLES[id] : id);
