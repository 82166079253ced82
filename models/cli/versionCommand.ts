import { readFileSync } from 'node:fs';
import { defineCommand, writeJson } from './command';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

export const versionCommand = defineCommand({
  path: ['version'],
  usage: 'version [--json]',
  summary: 'print the version of mmx and of the Node.js it runs on',
  options: { json: { type: 'boolean' } },
  async run({ values }, io) {
    const info = { name: pkg.name, version: pkg.version, node: process.versions.node };
    if (values.json) writeJson(io, info);
    else io.stdout.write(`${info.name} ${info.version} (node ${info.node})\n`);
  },
});
