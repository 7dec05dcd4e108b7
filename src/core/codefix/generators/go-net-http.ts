// Go net/http without a CORS library (no new module): the hand-written middleware amended
// in place (origins added to its map, a literal `*` or single origin turned into a map
// lookup, header values extended, missing headers set), moved outermost when a session
// check wraps it; or, without CORS, a `withCORS` middleware with an allow-list written
// before the function that serves, wrapping the served handler.
import { needsChange, shortfall } from '../allowance';
import { replaceEdit } from '../edits';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { editFields, mergeInsertions, type OffsetEdit } from '../go/edit';
import { moveLayerOut } from '../go/handler-chain';
import { canonicalHeader, goString, indentAt, lineSpan, lineStart, type GoStyle } from '../go/style';
import { statementOf, topLevelOf, withDocComment } from '../go/tree';
import { missingFrom, lower, upper } from '../python/options';
import { middlewareAllows, NET_HTTP_MIDDLEWARE, NET_HTTP_ORIGINS, split, type CorsMiddleware, type NetHttpPlacement } from '../placement/go-net-http';
import { goStringValue } from '../go/literal';
import type { CorsPolicy, PlannedChange, SourceFile, TextEdit } from '../types';

function originMap(origins: string[], style: GoStyle): string {
  return `var ${NET_HTTP_ORIGINS} = map[string]bool{${style.eol}${origins.map((o) => `\t${goString(o)}: true,${style.eol}`).join('')}}`;
}

/** The header lines of the preflight answer, at `indent`. */
function preflightSets(policy: CorsPolicy, w: string, indent: string): string[] {
  const set = (name: string, value: string) => `${indent}${w}.Header().Set(${goString(name)}, ${goString(value)})`;
  const out: string[] = [];
  if (policy.methods.length) out.push(set('Access-Control-Allow-Methods', policy.methods.join(', ')));
  if (policy.allowHeaders.length) out.push(set('Access-Control-Allow-Headers', policy.allowHeaders.map(canonicalHeader).join(', ')));
  if (policy.privateNetwork) out.push(set('Access-Control-Allow-Private-Network', 'true'));
  out.push(set('Access-Control-Max-Age', String(policy.maxAgeSeconds)));
  return out;
}

/** The middleware this planner writes when the project has no CORS code. */
function newMiddleware(policy: CorsPolicy, http: string, style: GoStyle): string {
  const lines = [
    `// ${NET_HTTP_ORIGINS} are the front ends allowed to call this API from a browser.`,
    originMap(policy.origins, style),
    '',
    `// ${NET_HTTP_MIDDLEWARE} sends CORS headers to the allowed origins only, and answers their preflights before next runs.`,
    `func ${NET_HTTP_MIDDLEWARE}(next ${http}.Handler) ${http}.Handler {`,
    `\treturn ${http}.HandlerFunc(func(w ${http}.ResponseWriter, r *${http}.Request) {`,
    '\t\t// The answer depends on Origin, so caches must key on it.',
    '\t\tw.Header().Add("Vary", "Origin")',
    `\t\tif origin := r.Header.Get("Origin"); ${NET_HTTP_ORIGINS}[origin] {`,
    '\t\t\tw.Header().Set("Access-Control-Allow-Origin", origin)',
  ];
  if (policy.credentials) lines.push('\t\t\tw.Header().Set("Access-Control-Allow-Credentials", "true")');
  if (policy.exposeHeaders.length) lines.push(`\t\t\tw.Header().Set("Access-Control-Expose-Headers", ${goString(policy.exposeHeaders.map(canonicalHeader).join(', '))})`);
  lines.push(
    `\t\t\tif r.Method == ${http}.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {`,
    ...preflightSets(policy, 'w', '\t\t\t\t'),
    `\t\t\t\tw.WriteHeader(${http}.StatusNoContent)`,
    '\t\t\t\treturn',
    '\t\t\t}',
    '\t\t}',
    '\t\tnext.ServeHTTP(w, r)',
    '\t})',
    '}',
  );
  return lines.join(style.eol);
}

interface Amended {
  edits: OffsetEdit[];
  what: string[];
}

/** The edits that make a hand-written middleware allow the policy. */
function amendMiddleware(m: CorsMiddleware, policy: CorsPolicy, style: GoStyle): Amended | string {
  const text = m.file.text;
  const allowed = middlewareAllows(m);
  const short = shortfall(allowed, policy);
  const edits: OffsetEdit[] = [];
  const what: string[] = [];
  const acao = m.sets.get('access-control-allow-origin')!;
  const acaoStatement = statementOf(acao.call);
  const indent = indentAt(text, acaoStatement.startIndex);
  const after = lineSpan(text, acaoStatement.startIndex, acaoStatement.endIndex).end;
  const inserted: string[] = [];
  const setLine = (name: string, value: string) => `${indent}${m.writer}.Header().Set(${goString(canonicalHeader(name))}, ${goString(value)})${style.eol}`;
  if (allowed.origins === 'computed') return 'the allowed origins are computed, so they cannot be amended safely';
  if (short.origins) {
    if (m.originMap && Array.isArray(allowed.origins)) {
      const missing = missingFrom(allowed.origins, policy.origins);
      edits.push(...editFields(text, m.originMap.childForFieldName('body')!, { add: missing.map((o) => ({ key: goString(o), value: 'true' })) }, style));
      what.push(`allow origin ${missing.join(', ')}`);
    } else {
      // A literal origin (or `*`, or an echo) becomes a lookup in an allow-list.
      const inner = `${indent}\t`;
      edits.push({
        start: acaoStatement.startIndex,
        end: acaoStatement.endIndex,
        text: `${m.writer}.Header().Add("Vary", "Origin")${style.eol}${indent}if origin := ${m.request}.Header.Get("Origin"); ${NET_HTTP_ORIGINS}[origin] {${style.eol}${inner}${m.writer}.Header().Set("Access-Control-Allow-Origin", origin)${style.eol}${indent}}`,
      });
      const at = lineStart(text, withDocComment(topLevelOf(m.decl)).startIndex);
      edits.push({ start: at, end: at, text: `${originMap(policy.origins, style)}${style.eol}${style.eol}` });
      what.push(Array.isArray(allowed.origins) ? `allow origin ${missingFrom(allowed.origins, policy.origins).join(', ')}` : `allow only ${policy.origins.join(', ')} instead of ${allowed.origins === 'any' ? '*' : 'echoing any origin'}`);
    }
  }
  const extendHeader = (name: string, have: string[], missing: string[], label: string) => {
    const set = m.sets.get(name);
    const current = set ? goStringValue(set.value) : null;
    if (set && current !== null) {
      const sep = /,\s/.test(current) || split(current).length < 2 ? ', ' : ',';
      edits.push({ start: set.value.startIndex, end: set.value.endIndex, text: goString([...split(current).filter((x) => x !== '*'), ...missing].join(sep)) });
    } else inserted.push(setLine(name, [...have, ...missing].join(', ')));
    what.push(`${label} ${missing.join(', ')}`);
  };
  if (short.methods) extendHeader('access-control-allow-methods', [], missingFrom(allowed.methods as string[], policy.methods, upper), 'allow method');
  if (short.allowHeaders) {
    const current = Array.isArray(allowed.allowHeaders) ? allowed.allowHeaders : [];
    extendHeader('access-control-allow-headers', [], (allowed.allowHeaders === 'any' ? policy.allowHeaders : missingFrom(current, policy.allowHeaders, lower)).map(canonicalHeader), 'allow request header');
  }
  const flag = (name: string, label: string) => {
    const set = m.sets.get(name);
    if (set) edits.push({ start: set.value.startIndex, end: set.value.endIndex, text: '"true"' });
    else inserted.push(setLine(name, 'true'));
    what.push(label);
  };
  if (short.credentials) flag('access-control-allow-credentials', 'allow credentials');
  if (short.privateNetwork) flag('access-control-allow-private-network', 'allow private network access');
  if ((short.methods || short.allowHeaders) && !m.sets.has('access-control-max-age')) inserted.push(setLine('Access-Control-Max-Age', String(policy.maxAgeSeconds)));
  if (inserted.length) edits.push({ start: after, end: after, text: inserted.join('') });
  return { edits, what };
}

export const netHttpGenerator: FrameworkGenerator<NetHttpPlacement> = {
  framework: 'go-net-http',
  generate(p, policy): GeneratedFix {
    const { chain } = p;
    const where = (file: SourceFile, n: { startPosition: { row: number } }) => `${file.path}:${n.startPosition.row + 1}`;
    const asText = (file: SourceFile, edits: OffsetEdit[]): TextEdit[] => mergeInsertions(edits).map((e) => replaceEdit(file, e.start, e.end, e.text));
    const changes: PlannedChange[] = [];

    if (!p.middleware && p.foreign) {
      return { changes: [], dependencies: [], unfixable: `CORS headers are set by hand at ${where(p.foreign.file, p.foreign.node)}, outside a wrapper of the served handler; set them in one middleware that wraps it instead of a second layer` };
    }
    if (p.middleware && p.layer) {
      const m = p.middleware;
      const amended = needsChange(shortfall(p.allowed!, policy)) ? amendMiddleware(m, policy, chain.style) : { edits: [], what: [] };
      if (typeof amended === 'string') return { changes: [], dependencies: [], unfixable: `${amended} (${where(m.file, m.decl)})` };
      const what = amended.what.join(', ');
      const sameFile = m.file.path === chain.file.path;
      if (p.tooLate) {
        const moved = moveLayerOut(chain.file.text, chain, p.layer, sameFile ? amended.edits : []);
        changes.push({
          reason: `Wrap the handler in ${m.name} outside ${p.tooLate.name} (${where(chain.file, p.tooLate.call)}), which answers first: preflights carry no cookies${what ? `, and ${what} in ${m.name}()` : ''}`,
          edits: asText(chain.file, moved),
        });
        if (!sameFile && amended.edits.length) changes.push({ reason: `${what.replace(/^./, (c) => c.toUpperCase())} in ${m.name}() (${where(m.file, m.decl)})`, edits: asText(m.file, amended.edits) });
      } else if (amended.edits.length) {
        changes.push({ reason: `${what.replace(/^./, (c) => c.toUpperCase())} in ${m.name}() (${where(m.file, m.decl)})`, edits: asText(m.file, amended.edits) });
      }
      return { changes, dependencies: [], moved: Boolean(p.tooLate) };
    }

    // No CORS yet: the middleware before the function that serves, wrapping the served handler.
    const { file, style } = chain;
    const text = file.text;
    const at = lineStart(text, withDocComment(topLevelOf(chain.statement)).startIndex);
    const served = chain.expression.type === 'nil' ? `${chain.http}.DefaultServeMux` : chain.expression.text;
    const edits: OffsetEdit[] = [
      { start: at, end: at, text: `${newMiddleware(policy, chain.http, style)}${style.eol}${style.eol}` },
      { start: chain.expression.startIndex, end: chain.expression.endIndex, text: `${NET_HTTP_MIDDLEWARE}(${served})` },
    ];
    changes.push({
      reason: `Add a ${NET_HTTP_MIDDLEWARE} middleware with a CORS allow-list that wraps the served handler (${where(file, chain.expression)}), allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''} (no CORS library in the project, so no new module)`,
      edits: asText(file, edits),
    });
    return { changes, dependencies: [] };
  },
};
