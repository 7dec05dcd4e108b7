// Adding a dependency to package.json as a text edit, in the file's own layout
// (indentation, key order kept; the new key goes where sorted order puts it).
import { parseExpression } from '@babel/parser';
import type * as t from '@babel/types';
import type { PackageJson, Project } from '../project';
import type { DependencyChange, TextEdit } from '../types';
import { replaceEdit } from '../edits';
import { indentAt } from './ast';
import { findProperty, propertyName } from './object-edit';

function installCommand(pkg: PackageJson): string {
  const pm = typeof pkg.packageManager === 'string' ? pkg.packageManager.split('@')[0] : 'npm';
  return pm === 'yarn' ? 'yarn install' : pm === 'pnpm' ? 'pnpm install' : pm === 'bun' ? 'bun install' : 'npm install';
}

/**
 * The dependency changes (and the package.json edits) for packages the project lacks.
 * `dev` packages go to devDependencies (type declarations).
 */
export function addDependencies(project: Project, wanted: Array<{ name: string; version: string; dev?: boolean }>): { dependencies: DependencyChange[]; edits: TextEdit[] } {
  const missing = wanted.filter((w) => !project.hasDependency(w.name));
  const manifest = project.packageJson();
  if (missing.length === 0) return { dependencies: [], edits: [] };
  if (!manifest) {
    return {
      dependencies: missing.map((m) => ({ manager: 'npm', name: m.name, version: m.version, installCommand: `npm install ${m.dev ? '-D ' : ''}${m.name}` })),
      edits: [],
    };
  }
  const file = project.file(manifest.path)!;
  const command = installCommand(manifest.json);
  const dependencies: DependencyChange[] = missing.map((m) => ({ manager: 'npm', name: m.name, version: m.version, manifest: manifest.path, installCommand: command }));
  let root: t.Expression;
  try {
    root = parseExpression(file.text);
  } catch {
    return { dependencies: dependencies.map((d) => ({ ...d, manifest: undefined, installCommand: `npm install ${d.name}` })), edits: [] };
  }
  if (root.type !== 'ObjectExpression') return { dependencies, edits: [] };
  const edits: TextEdit[] = [];
  const indentUnit = /\n([ \t]+)"/.exec(file.text)?.[1] ?? '  ';
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  for (const section of ['dependencies', 'devDependencies'] as const) {
    const items = missing.filter((m) => (section === 'devDependencies') === Boolean(m.dev));
    if (!items.length) continue;
    const prop = findProperty(root, section);
    if (prop && prop.value.type === 'ObjectExpression') {
      const obj = prop.value;
      for (const item of items) {
        const entry = `"${item.name}": "${item.version}"`;
        const after = obj.properties.find((p) => (propertyName(p) ?? '') > item.name);
        if (after) {
          const indent = indentAt(file.text, after.start!);
          const multiline = file.text.slice(obj.start!, obj.end!).includes('\n');
          edits.push(replaceEdit(file, after.start!, after.start!, multiline ? `${entry},${eol}${indent}` : `${entry}, `));
        } else if (obj.properties.length) {
          const last = obj.properties[obj.properties.length - 1];
          const indent = indentAt(file.text, last.start!);
          edits.push(replaceEdit(file, last.end!, last.end!, `,${eol}${indent}${entry}`));
        } else {
          const indent = indentAt(file.text, prop.start!);
          edits.push(replaceEdit(file, obj.start!, obj.end!, `{${eol}${indent}${indentUnit}${entry}${eol}${indent}}`));
        }
      }
    } else if (!prop) {
      const last = root.properties[root.properties.length - 1];
      const body = items.map((i) => `${indentUnit}${indentUnit}"${i.name}": "${i.version}"`).join(`,${eol}`);
      const text = `"${section}": {${eol}${body}${eol}${indentUnit}}`;
      if (last) edits.push(replaceEdit(file, last.end!, last.end!, `,${eol}${indentUnit}${text}`));
      else edits.push(replaceEdit(file, root.start!, root.end!, `{${eol}${indentUnit}${text}${eol}}`));
    }
  }
  return { dependencies, edits };
}
