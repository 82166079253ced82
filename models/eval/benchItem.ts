/** One multiple-choice option, lettered as the benchmark letters it. */
export interface BenchOption {
  letter: string;
  text: string;
}

/** One question, normalised from either benchmark's file format. */
export interface BenchItem {
  id: string;
  question: string;
  options: BenchOption[];
  /** The correct option's letter. */
  label: string;
  /** Absolute image paths, in question order. */
  images: string[];
  /** Category name → value, e.g. { medical_task: 'Diagnosis' }. */
  categories: Record<string, string>;
}

/**
 * A question that cannot be asked (malformed line, missing image, unknown
 * label). It is reported in results.jsonl and the report; it never stops a run.
 */
export interface BenchProblem {
  /** The question id, or `FILE:LINE` / `FILE#INDEX` when the id is unreadable. */
  id: string;
  error: string;
  categories: Record<string, string>;
}

/** Items in file order, plus the questions that could not be read. */
export interface LoadedBenchmark {
  /** Items and problems in file order, so that --shuffle/--limit select among both. */
  entries: Array<{ item: BenchItem } | { problem: BenchProblem }>;
}
