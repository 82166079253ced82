/**
 * The four specialties of the MMedExpert dataset (arXiv 2601.10949, DSA
 * stage: one expert per specialty). Each bundled guideline pack serves one.
 */
export const SPECIALTIES = [
  'adult-medicine',
  'pediatrics',
  'brain-senses',
  'oncology-surgery',
] as const;
export type Specialty = (typeof SPECIALTIES)[number];

export const SPECIALTY_TITLES: Record<Specialty, string> = {
  'adult-medicine': 'Adult medicine',
  pediatrics: 'Pediatrics',
  'brain-senses': 'Brain and senses',
  'oncology-surgery': 'Oncology and surgery',
};

export const isSpecialty = (value: string): value is Specialty =>
  (SPECIALTIES as readonly string[]).includes(value);
