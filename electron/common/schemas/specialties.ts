// The specialty ids shared by routing, guideline packs, prompts, datasets and
// the UI. Imports nothing but zod: part of the process-boundary contract.
import { z } from 'zod';

/**
 * The four specialties of the MMedExpert dataset (arXiv 2601.10949, DSA
 * stage: one expert per specialty). Each bundled guideline pack serves one;
 * a user's pack may serve others, so requests carry the id as a string.
 */
export const specialtySchema = z.enum([
  'adult-medicine',
  'pediatrics',
  'brain-senses',
  'oncology-surgery',
]);
export type Specialty = z.infer<typeof specialtySchema>;
export const SPECIALTIES = specialtySchema.options;

export const SPECIALTY_TITLES: Record<Specialty, string> = {
  'adult-medicine': 'Adult medicine',
  pediatrics: 'Pediatrics',
  'brain-senses': 'Brain and senses',
  'oncology-surgery': 'Oncology and surgery',
};

export const isSpecialty = (value: string): value is Specialty =>
  specialtySchema.safeParse(value).success;
