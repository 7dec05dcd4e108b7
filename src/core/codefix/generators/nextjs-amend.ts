// Next.js: a `middleware.ts` / `proxy.ts` the user wrote, amended in place. The
// header values and the origin allow-list are extended (js/handwritten-amend.ts); a
// single literal origin in a header object that must become several turns into an
// allow-list checked against the request's Origin; the preflight branch moves above a
// check that would answer the preflight first (a session check: preflights carry no cookies).
import type * as t from '@babel/types';
import type { GeneratedFix } from '../plugin';
import type { CorsPolicy, SourceFile } from '../types';
import { replaceEdit } from '../edits';
import { indentAt, statementLines, walk } from '../js/ast';
import { printList } from '../js/cors-options';
import { amendHandWritten } from '../js/handwritten-amend';
import { applyOffsetEdits, type OffsetEdit } from '../js/object-edit';
import { capitalize, quoteCode } from '../js/reason-text';
import { quoted, semi } from '../js/style';
import type { HandWrittenHook, NextPlacement } from '../placement/nextjs';

const ACAO = 'access-control-allow-origin';

function declaredNames(nodes: t.Node[]): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) {
    walk(node, (n) => {
      if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier') names.add(n.id.name);
      if (n.type === 'FunctionDeclaration' && n.id) names.add(n.id.name);
    });
  }
  return names;
}

/** Identifiers read in `node` (not property keys or member names). */
function referencedNames(node: t.Node): Map<string, t.Identifier[]> {
  const refs = new Map<string, t.Identifier[]>();
  walk(node, (n, parents) => {
    if (n.type !== 'Identifier') return;
    const parent = parents[parents.length - 1];
    if (parent?.type === 'MemberExpression' && parent.property === n && !parent.computed) return;
    if (parent?.type === 'ObjectProperty' && parent.key === n && !parent.computed && !parent.shorthand) return;
    if (parent?.type === 'VariableDeclarator' && parent.id === n) return;
    refs.set(n.name, [...(refs.get(n.name) ?? []), n]);
  });
  return refs;
}

function topLevelNames(ast: t.File): Set<string> {
  return declaredNames(ast.program.body);
}

function freeName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let i = 2; taken.has(name); i++) name = `${wanted}${i}`;
  return name;
}

/**
 * One literal origin in a top-level header object (`const corsHeaders = { 'Access-Control-Allow-Origin': '...' }`)
 * used inside the hook: the origins become a list, the object loses Allow-Origin, and the
 * hook uses a copy that adds it for an allowed request Origin.
 */
function originListEdits(file: SourceFile, h: HandWrittenHook, policy: CorsPolicy, p: NextPlacement): OffsetEdit[] | string {
  const text = file.text;
  const style = p.style;
  const q = (s: string) => quoted(s, style);
  const s = semi(style);
  const acao = h.sites.filter((x) => x.name === ACAO);
  const holders = [...new Set(acao.map((x) => x.object))];
  const holder = holders[0];
  const declaration = holder && h.ast.program.body.find((st) => st.type === 'VariableDeclaration' && st.kind === 'const' && st.declarations.some((d) => d.init === holder)) as t.VariableDeclaration | undefined;
  const declarator = declaration?.declarations.find((d) => d.init === holder);
  if (holders.length !== 1 || !declaration || declarator?.id.type !== 'Identifier' || !h.requestName) {
    return 'its Access-Control-Allow-Origin holds one origin and the code has no request Origin check to extend: several origins need a list checked against the request';
  }
  const objectName = declarator.id.name;
  const outside = h.ast.program.body
    .filter((st) => !(st.start! <= h.fn.start! && h.fn.end! <= st.end!))
    .flatMap((st) => referencedNames(st).get(objectName) ?? []);
  if (outside.length > 0 || declaredNames([h.fn.body]).has(objectName)) return `${objectName} is used outside the ${p.hookName} function, so its Access-Control-Allow-Origin cannot become per-request`;
  const taken = new Set([...topLevelNames(h.ast), ...declaredNames([h.fn.body])]);
  const listName = freeName('allowedOrigins', taken);
  const originName = freeName('origin', taken);
  const localName = freeName(`${objectName}ForOrigin`, taken);
  const edits: OffsetEdit[] = [];
  const declLines = statementLines(text, declaration);
  edits.push({ start: declLines.start, end: declLines.start, text: `const ${listName} = ${printList(policy.origins, style)}${s}${style.eol}${style.eol}` });
  for (const site of acao) edits.push(site.removal);
  const first = h.fn.body.body[0];
  const indent = first ? indentAt(text, first.start!) : indentAt(text, h.fn.start!) + style.indent;
  const at = first ? statementLines(text, first).start : h.fn.body.start! + 1;
  const allowOrigin = `${q('Access-Control-Allow-Origin')}: ${originName}`;
  const lines = [
    `${indent}const ${originName} = ${h.requestName}.headers.get(${q('origin')})${s}`,
    `${indent}const ${localName} =`,
    `${indent}${style.indent}${originName} !== null && ${listName}.includes(${originName})`,
    `${indent}${style.indent}${style.indent}? { ...${objectName}, ${allowOrigin}, Vary: ${q('Origin')} }`,
    `${indent}${style.indent}${style.indent}: { ...${objectName}, Vary: ${q('Origin')} }${s}`,
  ];
  edits.push({ start: at, end: at, text: (first ? '' : style.eol) + lines.join(style.eol) + style.eol + (first ? style.eol : '') });
  for (const ref of referencedNames(h.fn.body).get(objectName) ?? []) edits.push({ start: ref.start!, end: ref.end!, text: localName });
  return edits;
}

export function amendHandWrittenHook(p: NextPlacement, policy: CorsPolicy): GeneratedFix {
  const file = p.existing!;
  const h = p.handWritten!;
  const text = file.text;
  const where = `${file.path}:${h.sites[0].node.loc!.start.line}`;
  let edits: OffsetEdit[] = [];
  const what: string[] = [];
  const amended = amendHandWritten(text, h.ast, h.sites, h.allowList, p.allowed!, policy, p.style);
  if (amended.unfixable) return { changes: [], dependencies: [], unfixable: `${amended.unfixable} (${where})` };
  if (amended.needsOriginList) {
    const converted = originListEdits(file, h, policy, p);
    if (typeof converted === 'string') return { changes: [], dependencies: [], unfixable: `${file.path}: ${converted}` };
    edits.push(...converted);
    what.push(`allow origins ${policy.origins.join(', ')} from a list checked against the request's Origin`);
    // The rest (methods, headers, credentials) as if the list were already there.
    const rest = amendHandWritten(text, h.ast, h.sites.filter((x) => x.name !== ACAO), null, { ...p.allowed!, origins: policy.origins }, policy, p.style);
    if (rest.unfixable && !rest.unfixable.startsWith('no Access-Control-Allow-Origin')) return { changes: [], dependencies: [], unfixable: `${rest.unfixable} (${where})` };
    edits.push(...rest.edits);
    what.push(...rest.what);
  } else {
    edits.push(...amended.edits);
    what.push(...amended.what);
  }
  const changes: GeneratedFix['changes'] = [];
  if (h.tooLate && h.preflightBranch) {
    const branch = h.preflightBranch;
    const between = h.fn.body.body.slice(h.fn.body.body.indexOf(h.tooLate as t.Statement), h.fn.body.body.indexOf(branch as t.Statement));
    const declared = declaredNames(between);
    const needs = [...referencedNames(branch).keys()].filter((n) => declared.has(n));
    if (needs.length) return { changes: [], dependencies: [], unfixable: `the preflight answer (${file.path}:${branch.loc!.start.line}) uses ${needs.join(', ')}, set by the code before it, so it cannot move above line ${h.tooLate.loc!.start.line}` };
    const from = statementLines(text, branch);
    const to = statementLines(text, h.tooLate);
    const inside = edits.filter((e) => e.start >= from.start && e.end <= from.end);
    edits = edits.filter((e) => !inside.includes(e));
    // The branch and the blank line after it go above the check, keeping the spacing.
    const block = applyOffsetEdits(text.slice(from.start, from.end), from.start, inside);
    // The blank line that set the branch apart (after it, else before it) goes along.
    const after = /^[ \t]*\r?\n/.exec(text.slice(from.end))?.[0] ?? '';
    const before = after ? '' : /\r?\n[ \t]*\r?\n$/.test(text.slice(0, from.start)) ? /[ \t]*\r?\n$/.exec(text.slice(0, from.start))![0] : '';
    const gap = after || before;
    edits.push({ start: to.start, end: to.start, text: block + gap }, { start: from.start - before.length, end: from.end + after.length, text: '' });
    changes.push({
      reason: `Answer preflights before line ${h.tooLate.loc!.start.line} (${quoteCode(text, h.tooLate)}): preflights carry no credentials, so that check rejected them${what.length ? `, and ${what.join(', ')}` : ''} (${file.path}:${branch.loc!.start.line})`,
      edits: edits.map((e) => replaceEdit(file, e.start, e.end, e.text)),
    });
  } else if (edits.length) {
    changes.push({ reason: `${capitalize(what.join(', '))} in the hand-written CORS code (${where})`, edits: edits.map((e) => replaceEdit(file, e.start, e.end, e.text)) });
  }
  return { changes, dependencies: [] };
}
