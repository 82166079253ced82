/**
 * The inputs of a guideline check as the Guideline check card edits them:
 * one spec per calculator gives each input's label and control, and turns
 * what the user chose (always a string) back into a typed fact, refusing
 * anything outside the choices. Isomorphic; the renderer draws its controls
 * from the same spec.
 */
export interface CheckField<T> {
  label: string;
  /** choice: one of `choices`; list: several of them (comma separated); size: millimetres > 0; number: within bounds. */
  kind: 'choice' | 'list' | 'size' | 'number';
  choices: readonly string[];
  parse(raw: string): T | undefined;
}

export type CheckFields<F> = { [K in keyof F]-?: CheckField<NonNullable<F[K]>> };

/** What the user set, per input, as the card's controls give it. */
export type CheckEdit = Readonly<Record<string, string>>;

export function choiceField<T extends string>(label: string, choices: readonly T[]): CheckField<T> {
  return { label, kind: 'choice', choices, parse: (raw) => choices.find((c) => c === raw) };
}

export function listField<T extends string>(label: string, choices: readonly T[]): CheckField<T[]> {
  return {
    label,
    kind: 'list',
    choices,
    parse(raw) {
      const picked = raw.split(',').map((part) => choices.find((c) => c === part.trim()));
      return picked.length > 0 && picked.every((c) => c !== undefined) ? picked : undefined;
    },
  };
}

export function sizeField(label: string): CheckField<number> {
  return {
    label,
    kind: 'size',
    choices: [],
    parse(raw) {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) && n > 0 && n <= 1000 ? n : undefined;
    },
  };
}

export function numberField(
  label: string,
  { min, max, integer = false }: { min: number; max: number; integer?: boolean },
): CheckField<number> {
  return {
    label,
    kind: 'number',
    choices: [],
    parse(raw) {
      const n = Number(raw);
      const ok = raw.trim() !== '' && Number.isFinite(n) && n >= min && n <= max;
      return ok && (!integer || Number.isInteger(n)) ? n : undefined;
    },
  };
}

/** The typed facts in `edit`; inputs it does not name, or names with a value outside the spec, are left out. */
export function factsFromEdit<F extends object>(
  fields: CheckFields<F>,
  edit: CheckEdit = {},
): Partial<F> {
  const facts: Partial<F> = {};
  for (const key of Object.keys(fields) as (keyof F & string)[]) {
    const raw = edit[key];
    const value = raw === undefined ? undefined : fields[key].parse(raw);
    if (value !== undefined) facts[key] = value;
  }
  return facts;
}

/** Facts as the check's `inputs` record of the contract: lists joined with commas. */
export function inputsRecord(facts: object): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.join(',');
  }
  return out;
}
