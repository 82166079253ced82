// A small ESLint plugin for the project's import boundaries (README,
// "Layout"). Core `no-restricted-imports` sees only static imports, and a file
// in two zones keeps only the options of the last matching config block; so
// each boundary is its own rule here, and each one checks every way code can
// load a module: `import`, `export … from`, `import()`, `require()`,
// `import x = require()` and `import('…').Type`.
//
// Options of every rule (one object):
//   forbid: [{ specifier?: regex, path?: regex, message, allowTypeOnly? }]
//     `specifier` is matched against a bare module name ("node:fs", "zlib");
//     `path` against the repository-relative path a relative import resolves
//     to ("models/dicom/node/encodePng").
//     `allowTypeOnly` lets `import type` through: it is erased before run time.
//   allowOnly: { specifier?: regex, path?: regex, message }
//     when present, a bare import must match `specifier` and a relative one
//     `path` (a side left out is not restricted).
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

const optionsSchema = [
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      forbid: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          properties: {
            specifier: { type: 'string' },
            path: { type: 'string' },
            message: { type: 'string' },
            allowTypeOnly: { type: 'boolean' },
          },
          required: ['message'],
        },
      },
      allowOnly: {
        type: 'object',
        additionalProperties: false,
        properties: {
          specifier: { type: 'string' },
          path: { type: 'string' },
          message: { type: 'string' },
        },
        required: ['message'],
      },
    },
  },
];

/** The repository-relative path of a relative or absolute import, else undefined. */
function resolvedPath(filename, specifier) {
  if (!specifier.startsWith('.') && !isAbsolute(specifier)) return undefined;
  const full = resolve(dirname(filename), specifier);
  return relative(repoRoot, full).split(sep).join('/');
}

/** The literal module name of a source node, or undefined when it is computed. */
function literalSource(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0)
    return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `import type { A }` or `import { type A, type B }`: erased before run time. */
function isTypeOnlyImport(node) {
  if (node.importKind === 'type') return true;
  return (
    node.specifiers.length > 0 &&
    node.specifiers.every((item) => item.type === 'ImportSpecifier' && item.importKind === 'type')
  );
}

const importBoundaryRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps a folder to the imports its boundary allows.' },
    schema: optionsSchema,
    messages: {
      forbidden: "{{message}} (imports '{{specifier}}')",
      computed:
        'A module name computed at run time cannot be checked against the import boundaries; write it as a string literal.',
    },
  },
  create(context) {
    const { forbid = [], allowOnly } = context.options[0] ?? {};
    const compiled = forbid.map((entry) => ({
      specifier: entry.specifier === undefined ? undefined : new RegExp(entry.specifier),
      path: entry.path === undefined ? undefined : new RegExp(entry.path),
      message: entry.message,
      allowTypeOnly: entry.allowTypeOnly === true,
    }));
    const allowSpecifier = allowOnly?.specifier ? new RegExp(allowOnly.specifier) : undefined;
    const allowPath = allowOnly?.path ? new RegExp(allowOnly.path) : undefined;
    const filename = context.filename;

    function check(reportNode, sourceNode, typeOnly = false) {
      const raw = literalSource(sourceNode);
      if (raw === undefined) {
        context.report({ node: reportNode, messageId: 'computed' });
        return;
      }
      // Vite's `?url` / `?raw` suffixes are not part of the module's name.
      const specifier = raw.replace(/\?.*$/, '');
      const path = resolvedPath(filename, specifier);
      const hit = compiled.find(
        (entry) =>
          !(typeOnly && entry.allowTypeOnly) &&
          (path === undefined ? entry.specifier?.test(specifier) : entry.path?.test(path)),
      );
      if (hit) {
        context.report({
          node: reportNode,
          messageId: 'forbidden',
          data: { message: hit.message, specifier: raw },
        });
        return;
      }
      if (!allowOnly) return;
      // A side allowOnly leaves out (bare names or paths) is not restricted by it.
      const allowed =
        path === undefined
          ? (allowSpecifier?.test(specifier) ?? true)
          : (allowPath?.test(path) ?? true);
      if (!allowed)
        context.report({
          node: reportNode,
          messageId: 'forbidden',
          data: { message: allowOnly.message, specifier: raw },
        });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source, isTypeOnlyImport(node)),
      ExportNamedDeclaration: (node) =>
        node.source && check(node, node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require')
          check(node, node.arguments[0]);
      },
      TSImportEqualsDeclaration(node) {
        if (node.moduleReference.type === 'TSExternalModuleReference')
          check(node, node.moduleReference.expression);
      },
      TSImportType(node) {
        const source =
          node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument;
        check(node, source, true);
      },
    };
  },
};

/** One rule per boundary, so a file in several zones is held to all of them. */
export const boundaryRuleNames = [
  'no-electron',
  'renderer',
  'isomorphic',
  'models',
  'backend',
  'common',
  'ml-libraries',
];

export const importBoundaries = {
  meta: { name: 'mmx-import-boundaries' },
  rules: Object.fromEntries(boundaryRuleNames.map((name) => [name, importBoundaryRule])),
};
