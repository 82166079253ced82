import { closeSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export interface ModelDescription {
  dir: string;
  name: string;
  /** True for the project's generated fixtures and other toy-sized models. */
  demo: boolean;
  /** Why the model counts as a demo model. */
  demoReason?: string;
}

/** Whether an .onnx file's ModelProto names the fixture builder as its producer (field 2, near the start). */
function producedByFixtureBuilder(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).includes('mmx-fixture');
  } finally {
    closeSync(fd);
  }
}

/**
 * Names the model of a run for its report and decides whether it is a demo
 * model: one written by `mmx model fixture` (config.json `mmx_fixture`, or
 * ONNX producer_name "mmx-fixture") or one far too small to be a real vision-language model.
 * A demo model's accuracy says nothing about medicine; the report says so.
 */
export function describeModel(modelDir: string): ModelDescription {
  const dir = resolve(modelDir);
  let config: Record<string, unknown> = {};
  try {
    config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    config = {};
  }
  const nameField = [config.mmx_name, config._name_or_path].find(
    (v) => typeof v === 'string' && v !== '',
  );
  const name = typeof nameField === 'string' ? nameField : basename(dir);
  // The fixture builder marks its config.json (models/tinymodels/configFiles.ts).
  if (config.mmx_fixture !== undefined || config.mmx_demo === true) {
    return {
      dir,
      name,
      demo: true,
      demoReason: 'a fixture written by `mmx model fixture` (tiny generated weights)',
    };
  }
  let onnxFiles: string[] = [];
  try {
    onnxFiles = readdirSync(join(dir, 'onnx')).filter((f) => f.endsWith('.onnx'));
  } catch {
    onnxFiles = [];
  }
  if (onnxFiles.some((f) => producedByFixtureBuilder(join(dir, 'onnx', f)))) {
    return {
      dir,
      name,
      demo: true,
      demoReason: 'a fixture written by `mmx model fixture` (tiny generated weights)',
    };
  }
  const textConfig = (config.text_config ?? {}) as Record<string, unknown>;
  const hidden = config.hidden_size ?? textConfig.hidden_size;
  if (typeof hidden === 'number' && hidden < 512) {
    return {
      dir,
      name,
      demo: true,
      demoReason: `hidden size ${hidden}: far smaller than any real vision-language model`,
    };
  }
  return { dir, name, demo: false };
}
