import type { Specialty } from '../../../electron/common/schemas/specialties';

const paediatricWords =
  /\b(?:infant|newborn|neonat\w*|toddler|child(?:ren)?|boy|girl|p(?:a)?ediatric|adolescent|teen(?:ager)?)\b/i;
const oncologyWords =
  /\b(?:tumou?rs?|carcinoma\w*|cancers?|malignan\w*|lymphoma\w*|metasta\w*|neoplas\w*|sarcoma\w*|leuka?emia|melanoma|adenoma\w*|surg(?:ery|ical)|postoperative|resection|biopsy)\b/i;
const neuroSenseWords =
  /\b(?:brain|cerebr\w*|cerebell\w*|intracranial|skull|neuro\w*|spinal cord|stroke|seizure\w*|eyes?|ocular|retina\w*|fundus|optic|macula\w*|ears?|cochlea\w*|hearing|vision|visual|otitis|sinus\w*|glaucoma)\b/i;
const neuroSenseSystems = /\b(?:nervous|sense|eye|ear)\b/i;
const neuroSenseModalities = /\b(?:fundus|oct|optical coherence)\b/i;

/** Age in years from "34-year-old", "6 months old", "3-week-old", or null. */
function ageInYears(text: string): number | null {
  const m = /\b(\d{1,3})[- ](year|month|week|day)s?[- ]old\b/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2]!.toLowerCase() === 'year' ? n : 0;
}

/**
 * A heuristic specialty for benchmark questions that carry none: a patient
 * under 18 → pediatrics; tumours or surgery → oncology-surgery; brain, eye,
 * ear or the nervous system → brain-senses; everything else adult-medicine.
 * Benchmarks do not label the paper's four specialties, so converters use
 * this unless the user forces one (--specialty).
 */
export function inferSpecialty(
  text: string,
  hints: { bodySystem?: string; modality?: string } = {},
): Specialty {
  const age = ageInYears(text);
  if ((age !== null && age < 18) || (age === null && paediatricWords.test(text)))
    return 'pediatrics';
  if (oncologyWords.test(text)) return 'oncology-surgery';
  if (
    neuroSenseWords.test(text) ||
    neuroSenseSystems.test(hints.bodySystem ?? '') ||
    neuroSenseModalities.test(hints.modality ?? '')
  )
    return 'brain-senses';
  return 'adult-medicine';
}
