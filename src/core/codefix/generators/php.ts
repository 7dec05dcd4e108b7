// Plain PHP: hand-written header() CORS amended in place (php/amend.ts) when it is an
// allow-list check or holds the one origin needed, and runs before any check that ends
// the request. Otherwise (no CORS, `*` or one literal origin where several are needed,
// an echoed Origin, CORS after a login check) one allow-list block goes at the top of the
// script, before anything can answer, and the hand-written CORS headers it replaces are
// removed (header() would let a later call override it).
import { needsChange, shortfall } from '../allowance';
import { replaceEdit } from '../edits';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { type OffsetEdit } from '../python/edit';
import { mergeInsertions } from '../js/object-edit';
import { lineRemovals, lineSpan } from '../text-lines';
import { capitalize } from '../js/reason-text';
import { amendHeaders, HEADER_NAMES } from '../php/amend';
import type { PhpAllowList, PhpHeaderSite } from '../php/headers';
import { phpArray, phpString } from '../php/style';
import { functionName } from '../php/tree';
import { named, walk, type Node } from '../tree-sitter';
import type { PhpPlacement } from '../placement/php';
import type { CorsPolicy } from '../types';

/** The allow-list this planner writes (a later fix finds it as any in_array check). */
export const PHP_ORIGINS = '$corsAllowedOrigins';

function blockLines(p: PhpPlacement, policy: CorsPolicy): string[] {
  const q = (s: string) => phpString(s, p.style);
  const i = p.style.indent;
  const header = (level: string, name: string, value: string) => `${level}header(${q(`${HEADER_NAMES[name] ?? name}: ${value}`)});`;
  const origin = `$_SERVER[${q('HTTP_ORIGIN')}]`;
  const lines = [
    `// CORS for the allowed origins only; the answer depends on Origin, so caches must key on it.`,
    `${PHP_ORIGINS} = ${phpArray(policy.origins, p.style)};`,
    `header(${q('Vary: Origin')});`,
    `if (in_array(${origin} ?? ${q('')}, ${PHP_ORIGINS}, true)) {`,
    `${i}header(${q('Access-Control-Allow-Origin: ')} . ${origin});`,
  ];
  if (policy.credentials) lines.push(header(i, 'access-control-allow-credentials', 'true'));
  if (policy.exposeHeaders.length) lines.push(header(i, 'Access-Control-Expose-Headers', policy.exposeHeaders.join(', ')));
  lines.push(
    `${i}// Preflights carry no cookies: answered here, before anything can refuse them.`,
    `${i}if ($_SERVER[${q('REQUEST_METHOD')}] === ${q('OPTIONS')} && isset($_SERVER[${q('HTTP_ACCESS_CONTROL_REQUEST_METHOD')}])) {`,
  );
  if (policy.methods.length) lines.push(header(i + i, 'access-control-allow-methods', policy.methods.join(', ')));
  if (policy.allowHeaders.length) lines.push(header(i + i, 'access-control-allow-headers', policy.allowHeaders.join(', ')));
  if (policy.privateNetwork) lines.push(header(i + i, 'access-control-allow-private-network', 'true'));
  lines.push(header(i + i, 'access-control-max-age', String(policy.maxAgeSeconds)), `${i}${i}http_response_code(204);`, `${i}${i}exit;`, `${i}}`, '}');
  return lines;
}

/** Statements that only serve hand-written CORS once its headers are gone: the status and exit of an OPTIONS answer. */
function leftover(stmt: Node, removed: Set<number>): boolean {
  if (removed.has(stmt.startIndex)) return true;
  if (stmt.type === 'exit_statement' || stmt.type === 'return_statement' || stmt.type === 'comment') return true;
  const call = stmt.type === 'expression_statement' ? stmt.firstNamedChild : null;
  if (call?.type === 'function_call_expression' && functionName(call) === 'http_response_code') return true;
  return false;
}

/** Whether a removed CORS header is under `node`. */
function holdsRemoved(node: Node, removed: Set<number>): boolean {
  let found = false;
  walk(node, (n) => {
    if (removed.has(n.startIndex) && n.type === 'expression_statement') found = true;
    return !found;
  });
  return found;
}

/**
 * An `if` (no else) that only served the hand-written CORS: it held removed headers or
 * answered OPTIONS, and nothing but CORS leftovers is left in it. A login check that
 * only sets a status and exits is none of these and stays.
 */
function emptiedIf(stmt: Node, removed: Set<number>): boolean {
  if (stmt.type !== 'if_statement' || named(stmt).some((c) => c.type === 'else_clause' || c.type === 'else_if_clause')) return false;
  const body = stmt.childForFieldName('body');
  const inner = named(body).filter((c) => c.type !== 'comment');
  const cors = holdsRemoved(stmt, removed) || /OPTIONS/.test(stmt.childForFieldName('condition')?.text ?? '');
  return cors && body?.type === 'compound_statement' && inner.every((c) => leftover(c, removed) || emptiedIf(c, removed));
}

/** The edits that remove the hand-written CORS statements (whole lines), and the `if`s left with nothing else. */
function removals(text: string, root: Node, sites: PhpHeaderSite[], list: PhpAllowList | null): OffsetEdit[] {
  const gone = sites.filter((s) => s.name !== 'vary' || (s.value ?? '').trim().toLowerCase() === 'origin');
  const removed = new Set(gone.map((s) => s.statement.startIndex));
  const spans: Array<{ start: number; end: number }> = [];
  const visit = (n: Node) => {
    for (const c of named(n)) {
      if (removed.has(c.startIndex) && c.type === 'expression_statement') spans.push(lineSpan(text, c.startIndex, c.endIndex));
      else if (emptiedIf(c, removed)) spans.push(lineSpan(text, c.startIndex, c.endIndex));
      else visit(c);
    }
  };
  visit(root);
  // The allow-list variable goes too when nothing else reads it any more.
  const holder = list?.node.parent?.type === 'assignment_expression' ? list.node.parent : null;
  const name = holder?.childForFieldName('left')?.text;
  if (holder?.parent?.type === 'expression_statement' && name) {
    const inside = (n: Node) => spans.some((sp) => sp.start <= n.startIndex && n.endIndex <= sp.end) || (n.startIndex >= holder.startIndex && n.endIndex <= holder.endIndex);
    let used = false;
    walk(root, (n) => {
      if (n.type === 'variable_name' && n.text === name && !inside(n)) used = true;
    });
    if (!used) spans.push(lineSpan(text, holder.parent.startIndex, holder.parent.endIndex));
  }
  return lineRemovals(text, spans);
}

export const phpGenerator: FrameworkGenerator<PhpPlacement> = {
  framework: 'php',
  generate(p, policy): GeneratedFix {
    const { file, style } = p;
    const text = file.text;
    const where = (n: Node) => `${file.path}:${n.startPosition.row + 1}`;
    const asText = (edits: OffsetEdit[]) => edits.map((e) => replaceEdit(file, e.start, e.end, e.text));
    const hasCors = p.allowed !== null;
    let why = '';
    if (hasCors && !p.guard) {
      if (!needsChange(shortfall(p.allowed!, policy))) return { changes: [], dependencies: [] };
      const amended = amendHeaders(text, p.sites, p.allowList, p.allowed!, policy, style);
      if (!amended.replace) {
        const at = p.allowList?.check ?? p.sites.find((s) => s.name === 'access-control-allow-origin')!.statement;
        return { changes: [{ reason: `${capitalize(amended.what.join(', '))} in the hand-written CORS code (${where(at)})`, edits: asText(amended.edits) }], dependencies: [] };
      }
      why = ` (${amended.replace})`;
    }
    // One allow-list block at the top of the script, replacing what was there.
    const at = lineSpan(text, p.insertAt, p.insertAt).start;
    const gap = /^[ \t]*\r?\n/.test(text.slice(at)) ? '' : style.eol;
    const edits: OffsetEdit[] = [{ start: at, end: at, text: blockLines(p, policy).join(style.eol) + style.eol + gap }];
    if (hasCors) edits.push(...removals(text, p.root, p.sites, p.allowList));
    const line = text.slice(0, at).split('\n').length;
    const replaced = hasCors ? `, replacing the hand-written CORS headers${p.guard ? ` that ran after ${where(p.guard)}, which ends the request first (preflights carry no cookies)` : why}` : '';
    return {
      changes: [{ reason: `Add a CORS allow-list check at the top of ${file.path} (line ${line}), allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''} and answering their preflights${replaced}`, edits: asText(mergeInsertions(edits)) }],
      dependencies: [],
      moved: Boolean(p.guard),
    };
  },
};
