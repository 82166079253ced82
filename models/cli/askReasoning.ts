import { readFileSync } from 'node:fs';
import { detectFormat, parseDicom, readImageInfo } from '../dicom';
import type { GuidelinePack } from '../guidelines/guidelineSchema';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { PERSPECTIVES, isPerspective } from '../reasoning/perspectives';
import {
  planReasoning,
  type ReasoningPlan,
  type ReasoningRequest,
} from '../reasoning/runReasoning';
import type { RoutingInput } from '../reasoning/routeSpecialty';
import { UsageError } from './command';

/** Routing fields from the first DICOM image (Modality, Body Part Examined, Study Description, Patient's Age); never logged. */
export function routingFromImages(paths: string[]): RoutingInput {
  for (const p of paths) {
    const bytes = new Uint8Array(readFileSync(p));
    if (detectFormat(bytes) !== 'dicom') continue;
    const parsed = parseDicom(bytes);
    const info = readImageInfo(parsed);
    return {
      modality: info.modality,
      bodyPart: info.bodyPartExamined,
      studyDescription: info.studyDescription,
      patientAge: parsed.dataSet.string('x00101010'),
    };
  }
  return {};
}

export interface AskFlags {
  question: string;
  images: string[];
  specialty?: string;
  perspective?: string;
  /** `--option B=TEXT`, repeated: the multiple-choice options. */
  options?: string[];
}

const OPTION = /^\s*([A-E])\s*=\s*(\S[\s\S]*)$/i;

/** The `--option LETTER=TEXT` flags as {letter: text}; a malformed or repeated letter is a UsageError. */
export function parseOptions(flags: readonly string[] = []): Record<string, string> | undefined {
  const options: Record<string, string> = {};
  for (const flag of flags) {
    const m = OPTION.exec(flag);
    if (!m) throw new UsageError(`--option must be LETTER=TEXT with a letter A-E; got '${flag}'`);
    const letter = m[1]!.toUpperCase();
    if (options[letter] !== undefined) throw new UsageError(`--option ${letter} is given twice`);
    options[letter] = m[2]!.trim();
  }
  return Object.keys(options).length > 0 ? options : undefined;
}

/** The reasoning request of `mmx ask`'s flags; bad values are UsageErrors naming the flag. */
export function askRequest(flags: AskFlags): Omit<ReasoningRequest, 'modelDir' | 'maxNewTokens'> {
  const choice = flags.perspective ?? 'analytical';
  if (choice !== 'all' && !isPerspective(choice)) {
    throw new UsageError(
      `--perspective must be one of ${PERSPECTIVES.join(', ')}, all; got '${choice}'`,
    );
  }
  const options = parseOptions(flags.options);
  return {
    question: flags.question,
    images: flags.images.map((path) => ({ path })),
    routing: routingFromImages(flags.images),
    specialty: flags.specialty,
    perspective: choice,
    ...(options ? { options } : {}),
  };
}

/** Plans `mmx ask` over the bundled and user guideline packs; an unserved --specialty is a UsageError. */
export function planAsk(
  flags: AskFlags,
  packs: readonly GuidelinePack[] = loadGuidelinePacks().map((l) => l.pack),
): ReasoningPlan {
  const request = askRequest(flags);
  if (flags.specialty && !packs.some((p) => p.specialties.includes(flags.specialty!))) {
    const known = [...new Set(packs.flatMap((p) => p.specialties))].join(', ');
    throw new UsageError(
      `--specialty ${flags.specialty}: no guideline pack serves it; known: ${known}`,
    );
  }
  return planReasoning(packs, request);
}
