// Spring Boot: the CorsRegistry mapping's chain amended in place (allowedOrigins grows,
// `*` becomes the exact origins when credentials are needed, allowedMethods /
// allowedHeaders grow or are added, allowCredentials(true) added), or the
// CorsConfigurationSource bean's setters amended or added; a SecurityFilterChain without
// CORS gets `cors(Customizer.withDefaults())`, which makes Spring Security answer
// preflights with that configuration before its authentication. Without CORS, a
// WebMvcConfigurer beside the application class.
import { needsChange, shortfall } from '../allowance';
import { appendArgs, appendCalls, link } from '../chain';
import { replaceEdit } from '../edits';
import { inListCase } from '../header-case';
import type { OffsetEdit } from '../js/object-edit';
import { capitalize } from '../js/reason-text';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { methodsToList } from '../preflight-methods';
import { missingFrom } from '../python/options';
import { indentAt, lineSpan } from '../text-lines';
import { named, type Node } from '../tree-sitter';
import { hasImport, JAVA_CALLS, javaLiteral, javaString, javaTree, stringArgs } from '../java/tree';
import { registrationAllowed, sourceAllowed, type SpringPlacement } from '../placement/spring';
import type { CorsPolicy, PlannedChange, SourceFile } from '../types';
import type { Project } from '../project';
import { normalizeMethod } from '../../cors/safelist';

const args = (values: string[]) => values.map(javaLiteral).join(', ');
const CUSTOMIZER = 'org.springframework.security.config.Customizer';

function registrationEdits(p: SpringPlacement, policy: CorsPolicy, what: string[]): OffsetEdit[] | string {
  const chain = p.registration!;
  const allowed = registrationAllowed(chain);
  const short = shortfall(allowed, policy);
  if (!needsChange(short)) return [];
  if (allowed.origins === 'computed') return 'the mapping\'s origins are patterns or computed, so they cannot be amended safely';
  const edits: OffsetEdit[] = [];
  const calls: string[] = [];
  if (short.origins) {
    const l = link(chain, 'allowedOrigins');
    if (Array.isArray(allowed.origins)) edits.push(appendArgs(l!, missingFrom(allowed.origins, policy.origins).map(javaLiteral), JAVA_CALLS));
    else if (l) edits.push({ start: l.args[0].startIndex, end: l.args[l.args.length - 1].endIndex, text: args(policy.origins) });
    else calls.push(`allowedOrigins(${args(policy.origins)})`);
    what.push(Array.isArray(allowed.origins) ? `allow origin ${missingFrom(allowed.origins, policy.origins).join(', ')}` : `allow only ${policy.origins.join(', ')} instead of *`);
  }
  if (short.methods) {
    const current = Array.isArray(allowed.methods) ? allowed.methods : [];
    const l = link(chain, 'allowedMethods');
    const missing = missingFrom(current, policy.methods, normalizeMethod);
    if (l) edits.push(appendArgs(l, missing.map(javaLiteral), JAVA_CALLS));
    else calls.push(`allowedMethods(${args(methodsToList(policy, current))})`);
    what.push(`allow method ${missing.join(', ')}`);
  }
  if (short.allowHeaders) {
    const current = Array.isArray(allowed.allowHeaders) ? allowed.allowHeaders : [];
    const l = link(chain, 'allowedHeaders')!;
    const have = l.args.map(javaString).filter((s): s is string => s !== null);
    const missing = missingFrom(current, policy.allowHeaders, (s) => s.toLowerCase());
    edits.push(appendArgs(l, missing.map((h) => javaLiteral(inListCase(h, have))), JAVA_CALLS));
    what.push(`allow request header ${missing.join(', ')}`);
  }
  if (short.credentials) {
    const l = link(chain, 'allowCredentials');
    if (l && l.args[0]) edits.push({ start: l.args[0].startIndex, end: l.args[0].endIndex, text: 'true' });
    else calls.push('allowCredentials(true)');
    what.push('allow credentials');
  }
  if (calls.length) edits.push(appendCalls(p.file.text, chain, calls, p.style.eol));
  return edits;
}

function sourceEdits(p: SpringPlacement, policy: CorsPolicy, what: string[]): OffsetEdit[] | string {
  const s = p.source!;
  const text = p.file.text;
  const allowed = sourceAllowed(s);
  const short = shortfall(allowed, policy);
  if (!needsChange(short)) return [];
  if (allowed.origins === 'computed') return 'the configuration\'s origins are patterns or computed, so they cannot be amended safely';
  const edits: OffsetEdit[] = [];
  const added: string[] = [];
  const indent = indentAt(text, s.declaration.startIndex);
  const v = s.variable;
  const grow = (setter: string, missing: string[], fresh: string[], print: (x: string, have: string[]) => string): void => {
    const call = s.setters.get(setter);
    const read = call ? stringArgs(JAVA_CALLS.args(call)) : null;
    const holder = read?.holder[0];
    if (call && read && holder) {
      const l = { name: '', call: holder, nameNode: holder, args: JAVA_CALLS.args(holder) };
      edits.push(appendArgs(l, missing.map((m) => javaLiteral(print(m, read.values))), JAVA_CALLS));
    } else added.push(`${indent}${v}.${setter}(List.of(${args(fresh)}));`);
  };
  if (short.origins) {
    if (Array.isArray(allowed.origins)) grow('setAllowedOrigins', missingFrom(allowed.origins, policy.origins), policy.origins, (x) => x);
    else {
      const call = s.setters.get('setAllowedOrigins')!;
      const a = JAVA_CALLS.args(call)[0];
      edits.push({ start: a.startIndex, end: a.endIndex, text: `List.of(${args(policy.origins)})` });
    }
    what.push(Array.isArray(allowed.origins) ? `allow origin ${missingFrom(allowed.origins, policy.origins).join(', ')}` : `allow only ${policy.origins.join(', ')} instead of *`);
  }
  if (short.methods) {
    const current = Array.isArray(allowed.methods) ? allowed.methods : [];
    const missing = missingFrom(current, policy.methods, normalizeMethod);
    grow('setAllowedMethods', missing, methodsToList(policy), (x) => x);
    what.push(`allow method ${missing.join(', ')}`);
  }
  if (short.allowHeaders) {
    const current = Array.isArray(allowed.allowHeaders) ? allowed.allowHeaders : [];
    const missing = missingFrom(current, policy.allowHeaders, (x) => x.toLowerCase());
    grow('setAllowedHeaders', missing, policy.allowHeaders, inListCase);
    what.push(`allow request header ${missing.join(', ')}`);
  }
  if (short.credentials) {
    const call = s.setters.get('setAllowCredentials');
    const a = call ? JAVA_CALLS.args(call)[0] : undefined;
    if (a) edits.push({ start: a.startIndex, end: a.endIndex, text: 'true' });
    else added.push(`${indent}${v}.setAllowCredentials(true);`);
    what.push('allow credentials');
  }
  if (added.length) {
    const at = lineSpan(text, s.last.startIndex, s.last.endIndex).end;
    edits.push({ start: at, end: at, text: added.map((l) => l + p.style.eol).join('') });
  }
  return edits;
}

/** An import line after the file's last import (or its package). */
function importEdit(file: SourceFile, root: Node, qualified: string, eol: string): OffsetEdit | null {
  if (hasImport(root, qualified)) return null;
  const imports = named(root).filter((n) => n.type === 'import_declaration');
  const anchor = imports[imports.length - 1] ?? named(root).find((n) => n.type === 'package_declaration');
  const at = anchor ? lineSpan(file.text, anchor.startIndex, anchor.endIndex).end : 0;
  return { start: at, end: at, text: `import ${qualified};${eol}` };
}

function newConfigurer(p: SpringPlacement, policy: CorsPolicy): { path: string; text: string } | null {
  if (!p.appFile) return null;
  const eol = p.style.eol;
  const i = p.style.indent;
  const calls = [`allowedOrigins(${args(policy.origins)})`, `allowedMethods(${args(methodsToList(policy))})`];
  if (policy.allowHeaders.length) calls.push(`allowedHeaders(${args(policy.allowHeaders)})`);
  if (policy.exposeHeaders.length) calls.push(`exposedHeaders(${args(policy.exposeHeaders)})`);
  if (policy.credentials) calls.push('allowCredentials(true)');
  calls.push(`maxAge(${policy.maxAgeSeconds})`);
  const lines = [
    ...(p.appPackage ? [`package ${p.appPackage};`, ''] : []),
    'import org.springframework.context.annotation.Configuration;',
    'import org.springframework.web.servlet.config.annotation.CorsRegistry;',
    'import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;',
    '',
    '// CORS for the allowed origins only.',
    '@Configuration',
    'public class CorsConfig implements WebMvcConfigurer {',
    '',
    `${i}@Override`,
    `${i}public void addCorsMappings(CorsRegistry registry) {`,
    `${i}${i}registry.addMapping("/**")`,
    ...calls.map((c, n) => `${i}${i}${i}.${c}${n === calls.length - 1 ? ';' : ''}`),
    `${i}}`,
    '}',
    '',
  ];
  const dir = p.appFile.path.includes('/') ? p.appFile.path.slice(0, p.appFile.path.lastIndexOf('/') + 1) : '';
  return { path: `${dir}CorsConfig.java`, text: lines.join(eol) };
}

function securityChange(p: SpringPlacement, project: Project): PlannedChange | null {
  if (!p.securityChain || !p.securityFile) return null;
  const file = p.securityFile;
  const root = javaTree(project, file.path)!.rootNode;
  const chain = p.securityChain;
  // First in the chain, on a line of its own when the chain is written one call per line.
  const first = chain.links[0];
  const own = first.nameNode.startPosition.row !== chain.root.startPosition.row;
  const dot = file.text.lastIndexOf('.', first.nameNode.startIndex);
  const cors = own ? `${p.style.eol}${indentAt(file.text, dot)}.cors(Customizer.withDefaults())` : '.cors(Customizer.withDefaults())';
  const edits: OffsetEdit[] = [{ start: chain.root.endIndex, end: chain.root.endIndex, text: cors }];
  const imp = importEdit(file, root, CUSTOMIZER, p.style.eol);
  if (imp) edits.push(imp);
  return {
    reason: `Enable cors(Customizer.withDefaults()) in the SecurityFilterChain (${file.path}:${chain.root.startPosition.row + 1}): Spring Security's filters run before Spring MVC and refuse preflights, which carry no credentials`,
    edits: edits.map((e) => replaceEdit(file, e.start, e.end, e.text)),
  };
}

export const springGenerator: FrameworkGenerator<SpringPlacement> = {
  framework: 'spring',
  generate(p, policy, project): GeneratedFix {
    const { file } = p;
    const what: string[] = [];
    const changes: PlannedChange[] = [];
    if (p.registration || p.source) {
      const edits = p.source ? sourceEdits(p, policy, what) : registrationEdits(p, policy, what);
      if (typeof edits === 'string') return { changes: [], dependencies: [], unfixable: `${edits} (${file.path})` };
      const at = p.source ? p.source.declaration : p.registration!.outer;
      if (edits.length) changes.push({ reason: `${capitalize(what.join(', '))} in ${p.source ? 'the CorsConfiguration' : 'addCorsMappings'} (${file.path}:${at.startPosition.row + 1})`, edits: edits.map((e) => replaceEdit(file, e.start, e.end, e.text)) });
    } else {
      const created = newConfigurer(p, policy);
      if (!created) return { changes: [], dependencies: [], unfixable: 'no @SpringBootApplication class found to put a CORS configuration beside' };
      changes.push({ reason: `Create ${created.path}: a WebMvcConfigurer whose addCorsMappings allows ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}`, edits: [replaceEdit({ path: created.path, text: '' }, 0, 0, created.text)] });
    }
    const security = securityChange(p, project);
    if (security) {
      const same = changes.find((c) => c.edits[0]?.file === security.edits[0].file);
      if (same) same.edits.push(...security.edits), (same.reason = `${security.reason}; ${same.reason.replace(/^./, (c) => c.toLowerCase())}`);
      else changes.push(security);
    }
    return { changes, dependencies: [], moved: Boolean(security) };
  },
};
