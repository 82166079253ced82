import { readFile, rm, truncate, writeFile, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { encodeOnnxModel } from '../onnx/onnxModel';
import { readOnnxGraphIO } from './internal/readOnnxGraphIO';
import { verifyModelFolder } from './verifyModelFolder';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-verify-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fixture(
  name: string,
  variant: 'qwen2_5_vl' | 'qwen2_vl' = 'qwen2_5_vl',
): Promise<string> {
  const dir = join(root, name);
  await buildFixtureModel(dir, { kind: 'random', seed: 3, variant });
  return dir;
}

async function editJson(
  file: string,
  edit: (json: Record<string, unknown>) => void,
): Promise<void> {
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(json);
  await writeFile(file, JSON.stringify(json));
}

describe('verifyModelFolder', () => {
  it.each(['qwen2_5_vl', 'qwen2_vl'] as const)('accepts a %s fixture folder', async (variant) => {
    const report = verifyModelFolder(await fixture(`good-${variant}`, variant));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.dtypes).toEqual(['fp32']);
    expect(report.modelType).toBe(variant);
  });

  it('lists every problem of a folder that is wrong in many ways', async () => {
    const dir = await fixture('many');
    await rm(join(dir, 'onnx', 'vision_encoder.onnx'));
    const decoder = join(dir, 'onnx', 'decoder_model_merged.onnx');
    await truncate(decoder, Math.floor((await stat(decoder)).size / 2));
    await editJson(join(dir, 'config.json'), (c) => {
      delete c.text_config;
      delete c.vision_config;
    });
    await editJson(join(dir, 'tokenizer_config.json'), (c) => delete c.chat_template);
    await editJson(join(dir, 'preprocessor_config.json'), (c) => {
      delete c.size;
      delete c.do_resize;
      c.patch_size = 16;
    });
    const report = verifyModelFolder(dir);
    const lines = report.problems.map((p) => `${p.file}: ${p.message}`);
    expect(report.ok).toBe(false);
    expect(lines).toEqual(
      expect.arrayContaining([
        'config.json: qwen2_5_vl needs a text_config object',
        'config.json: vision_config is missing',
        'tokenizer_config.json: has no chat_template (and there is no chat_template.jinja)',
        'preprocessor_config.json: patch_size must be 14, got a different number',
        'preprocessor_config.json: needs size (or do_resize: true), otherwise images are not resized to whole patches',
        'onnx/vision_encoder.onnx: missing (needed with the other fp32 files)',
        'onnx/decoder_model_merged.onnx: is not a readable ONNX model (the file is truncated)',
      ]),
    );
    expect(report.dtypes).toEqual([]);
  });

  it('reports a wrong model_type and a missing tokenizer file', async () => {
    const dir = await fixture('type');
    await editJson(join(dir, 'config.json'), (c) => (c.model_type = 'llava'));
    await rm(join(dir, 'tokenizer.json'));
    const messages = verifyModelFolder(dir).problems.map((p) => `${p.file}: ${p.message}`);
    expect(messages).toContain(
      'config.json: model_type must be "qwen2_vl" or "qwen2_5_vl", got a different string',
    );
    expect(messages).toContain('tokenizer.json: is missing');
  });

  it('reports an ONNX part whose inputs do not match the config', async () => {
    const dir = await fixture('dims');
    await editJson(join(dir, 'config.json'), (c) => {
      (c.text_config as Record<string, unknown>).num_key_value_heads = 4;
      (c.text_config as Record<string, unknown>).num_hidden_layers = 3;
    });
    const messages = verifyModelFolder(dir).problems.map((p) => p.message);
    expect(messages).toContain('input past_key_values.0.key dim 1 is 2, config says 4');
    expect(messages).toContain(
      'has 4 past_key_values inputs, expected 6 (key and value for 3 layers)',
    );
    expect(messages.some((m) => m.startsWith('missing input past_key_values.2.key'))).toBe(true);
  });

  it('reports a folder with no onnx files and a config image token that the tokenizer disagrees with', async () => {
    const dir = await fixture('empty-onnx');
    await rm(join(dir, 'onnx'), { recursive: true });
    await editJson(join(dir, 'config.json'), (c) => (c.image_token_id = 3));
    const messages = verifyModelFolder(dir).problems.map((p) => `${p.file}: ${p.message}`);
    expect(messages.some((m) => m.startsWith('onnx/: no model files'))).toBe(true);
    expect(
      messages.some((m) =>
        /^config\.json: image_token_id is 3 but the tokenizer gives <\|image_pad\|> id \d+$/.test(
          m,
        ),
      ),
    ).toBe(true);
  });
  it('describes what is wrong with file content without quoting it', async () => {
    // A folder picked by mistake may hold anyone's config files: none of
    // their text may come back in a problem (MMX security: describe, don't quote).
    const secret = 'TOP-SECRET Jane^Doe 1234567';
    const dir = await fixture('quoted');
    await writeFile(join(dir, 'config.json'), `${secret} {"model_type": 1}`);
    await editJson(join(dir, 'preprocessor_config.json'), (c) => {
      c.patch_size = secret;
      c.merge_size = [secret];
      c.temporal_patch_size = { [secret.length]: secret };
    });
    await editJson(join(dir, 'tokenizer.json'), (c) => {
      (c.model as Record<string, unknown>).type = secret;
    });
    await writeFile(
      join(dir, 'onnx', 'embed_tokens.onnx'),
      encodeOnnxModel({
        name: 'g',
        nodes: [],
        initializers: [],
        inputs: [{ name: `${secret} as an input name`, type: 'int64', shape: ['b', 's'] }],
        outputs: [{ name: 'inputs_embeds', type: 'float', shape: ['b', 's', secret] }],
      }),
    );
    const lines = verifyModelFolder(dir).problems.map((p) => `${p.file}: ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'config.json: is not valid JSON',
        'preprocessor_config.json: patch_size must be 14, got a string',
        'preprocessor_config.json: merge_size must be 2, got a list',
        'preprocessor_config.json: temporal_patch_size must be 2, got an object',
        'tokenizer.json: model.type must be "BPE", got a different string',
        'onnx/embed_tokens.onnx: missing input input_ids (has: one other name)',
      ]),
    );
    for (const word of ['TOP', 'SECRET', 'Jane', 'Doe', '1234567'])
      expect(lines.join('\n')).not.toContain(word);
  });

  it('says where a config file stops being JSON, by line and column only', async () => {
    const dir = await fixture('syntax');
    await writeFile(
      join(dir, 'config.json'),
      '{\n  "model_type": "qwen2_5_vl",\n  "secret": TOP-SECRET\n}',
    );
    await writeFile(join(dir, 'tokenizer_config.json'), '{"chat_template": "TOP-SECRET",');
    await writeFile(join(dir, 'preprocessor_config.json'), '');
    const lines = verifyModelFolder(dir).problems.map((p) => `${p.file}: ${p.message}`);
    expect(lines).toContain('config.json: is not valid JSON');
    expect(lines).toContain('tokenizer_config.json: is not valid JSON (at line 1, column 32)');
    expect(lines).toContain('preprocessor_config.json: is not valid JSON (the file is empty)');
    expect(lines.join('\n')).not.toContain('SECRET');
  });
  it('names a symbolic dimension instead of quoting its name', async () => {
    const dir = await fixture('symbolic');
    await writeFile(
      join(dir, 'onnx', 'embed_tokens.onnx'),
      encodeOnnxModel({
        name: 'g',
        nodes: [],
        initializers: [],
        inputs: [{ name: 'input_ids', type: 'int64', shape: ['b', 's'] }],
        outputs: [{ name: 'inputs_embeds', type: 'float', shape: ['b', 's', 'TOP-SECRET'] }],
      }),
    );
    const messages = verifyModelFolder(dir).problems.map((p) => p.message);
    expect(messages).toEqual([
      expect.stringMatching(
        /^output inputs_embeds dim 2 must be the fixed number \d+, got a symbolic dimension$/,
      ),
    ]);
  });
});

describe('readOnnxGraphIO', () => {
  it('reads names, types and symbolic or fixed dims from the protobuf', async () => {
    const dir = await fixture('io');
    const io = readOnnxGraphIO(join(dir, 'onnx', 'decoder_model_merged.onnx'));
    const past = io.inputs.find((v) => v.name === 'past_key_values.0.key');
    expect(past?.type).toBe('float32');
    expect(past?.shape).toHaveLength(4);
    expect(typeof past?.shape[0]).toBe('string');
    expect(typeof past?.shape[1]).toBe('number');
    expect(io.outputs[0]?.name).toBe('logits');
  });
});
