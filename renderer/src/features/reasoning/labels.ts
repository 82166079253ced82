import type { Perspective } from '../../../../electron/common/schemas/reasoning';

export const SPECIALTY_LABELS: Record<string, string> = {
  'adult-medicine': 'Adult medicine',
  pediatrics: 'Pediatrics',
  'brain-senses': 'Brain and senses',
  'oncology-surgery': 'Oncology and surgery',
};

export const PERSPECTIVE_LABELS: Record<Perspective, { title: string; hint: string }> = {
  differential: { title: 'Differential', hint: 'candidate diagnoses ruled in or out' },
  intuitive: { title: 'Intuitive', hint: 'pattern recognition' },
  analytical: { title: 'Analytical', hint: 'systematic, feature by feature' },
  bayesian: { title: 'Bayesian', hint: 'pre-test probability, likelihood, post-test' },
};

export const perspectiveTitle = (p: Perspective | null) =>
  p ? PERSPECTIVE_LABELS[p].title : 'Reasoning';
export const specialtyTitle = (id: string) => SPECIALTY_LABELS[id] ?? id;
