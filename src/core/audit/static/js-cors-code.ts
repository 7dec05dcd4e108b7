// Static findings in JavaScript and TypeScript server code, read with @babel/parser:
// CORS middleware options (cors, @fastify/cors, @koa/cors, hono/cors, NestJS
// enableCors) that reflect any origin with credentials, allow "null" or match
// origins with a pattern; and hand-written Access-Control-Allow-Origin set from
// the request's Origin without a real check.
import type * as t from '@babel/types';
import { walk, moduleBindings } from '../../codefix/js/ast';
import { topLevelConst } from '../../codefix/js/literal';
import { findProperty, propertyName } from '../../codefix/js/object-edit';
import { parseJs } from '../../codefix/js/parse';
import type { CorsDialect } from '../../codefix/js/cors-options';
import { EXPRESS_CORS_DIALECT } from '../../codefix/placement/express';
import { FASTIFY_CORS_DIALECT } from '../../codefix/placement/fastify';
import { HONO_CORS_DIALECT } from '../../codefix/placement/hono';
import { KOA_CORS_DIALECT } from '../../codefix/placement/koa';
import { rangeOf } from '../../codefix/edits';
import type { Range, SourceFile } from '../../codefix/types';
import { trustSeverity } from '../catalog';
import type { FindingId, Severity } from '../types';
import { staticFinding } from './finding';
import { rankedFlaws, regexFlaws, stringCheckFlaw, type PatternFlaw } from './origin-pattern';
import type { Repair, StaticFinding } from './types';

/** Modules whose default (or named `cors`) export is a CORS middleware taking `{ origin, credentials }`. */
const CORS_MODULES = ['cors', '@fastify/cors', 'fastify-cors', '@koa/cors', 'hono/cors'];

/** How each middleware reads its options (the quick fixes' dialects). */
export function dialectOf(module: string): CorsDialect {
  if (module === '@koa/cors') return KOA_CORS_DIALECT;
  if (module === 'hono/cors') return HONO_CORS_DIALECT;
  if (module.includes('fastify')) return FASTIFY_CORS_DIALECT;
  return EXPRESS_CORS_DIALECT;
}
const HEADER_METHODS = new Set(['setHeader', 'header', 'set', 'append', 'appendHeader']);
const CHECK_METHODS = new Set(['includes', 'has', 'indexOf', 'test', 'match', 'some', 'find', 'startsWith', 'endsWith', 'search']);

function text(file: SourceFile, node: t.Node): string {
  return file.text.slice(node.start!, node.end!);
}

function unwrap(node: t.Node): t.Node {
  let n = node;
  while (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSNonNullExpression' || n.type === 'ParenthesizedExpression') n = n.expression;
  return n;
}

function isString(node: t.Node | null | undefined, value?: string): node is t.StringLiteral {
  return !!node && node.type === 'StringLiteral' && (value === undefined || node.value.toLowerCase() === value);
}

function memberName(node: t.Node): string | null {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return null;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.property.type === 'StringLiteral') return node.property.value;
  return null;
}

class Analyzer {
  readonly findings: StaticFinding[] = [];
  /** Where the file configures CORS (middleware calls, hand-written Access-Control-Allow-Origin). */
  readonly sites: StaticSite[] = [];
  constructor(private readonly file: SourceFile, private readonly ast: t.File) {}

  private add(id: FindingId, severity: Severity, node: t.Node, title: string, credentials: boolean, repair: Repair | null): void {
    this.findings.push(staticFinding(this.file, { id, severity, start: node.start!, end: node.end!, title, credentials, repair }));
  }

  private site(node: t.Node): void {
    this.sites.push({ file: this.file.path, range: rangeOf(this.file.text, node.start!, node.end!) });
  }

  // ---- middleware options ----

  corsCalls(): void {
    // Local name → the middleware's module.
    const locals = new Map<string, string>();
    for (const b of moduleBindings(this.ast)) {
      if (!CORS_MODULES.includes(b.source)) continue;
      if (b.local) locals.set(b.local, b.source);
      const named = b.named.get('cors') ?? b.named.get('default');
      if (named) locals.set(named, b.source);
    }
    walk(this.ast.program, (n) => {
      if (n.type !== 'CallExpression') return;
      let options: t.Node | undefined;
      let module: string | undefined;
      if (n.callee.type === 'Identifier' && locals.has(n.callee.name)) [options, module] = [n.arguments[0], locals.get(n.callee.name)];
      const method = memberName(n.callee);
      if (method === 'register' && n.arguments[0]?.type === 'Identifier' && locals.has(n.arguments[0].name)) [options, module] = [n.arguments[1], locals.get(n.arguments[0].name)];
      // NestJS takes the cors package's options.
      if (method === 'enableCors') [options, module] = [n.arguments[0], 'cors'];
      if (module === undefined) return;
      this.site(n);
      const obj = options ? this.objectOf(options) : null;
      if (obj) this.options(obj, module);
    });
  }

  private objectOf(node: t.Node): t.ObjectExpression | null {
    const n = unwrap(node);
    if (n.type === 'ObjectExpression') return n;
    if (n.type === 'Identifier') {
      const init = topLevelConst(this.ast, n.name)?.init;
      return init && unwrap(init).type === 'ObjectExpression' ? (unwrap(init) as t.ObjectExpression) : null;
    }
    return null;
  }

  /** A function the file declares under this name (function declaration or const). */
  private functionOf(node: t.Node): t.Function | null {
    const n = unwrap(node);
    if (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') return n;
    if (n.type !== 'Identifier') return null;
    const init = topLevelConst(this.ast, n.name)?.init;
    if (init && (unwrap(init).type === 'ArrowFunctionExpression' || unwrap(init).type === 'FunctionExpression')) return unwrap(init) as t.Function;
    for (const s of this.ast.program.body) {
      const d = s.type === 'ExportNamedDeclaration' ? s.declaration : s;
      if (d?.type === 'FunctionDeclaration' && d.id?.name === n.name) return d;
    }
    return null;
  }

  private options(obj: t.ObjectExpression, module: string): void {
    const dialect = dialectOf(module);
    // `origin(o, cb) { ... }` written as a method: the whole method is rewritten.
    const method = obj.properties.find((p): p is t.ObjectMethod => p.type === 'ObjectMethod' && propertyName(p) === 'origin' && p.kind === 'method');
    const originProp = findProperty(obj, 'origin');
    const credProp = findProperty(obj, 'credentials');
    const credentials = !!credProp && unwrap(credProp.value).type === 'BooleanLiteral' && (unwrap(credProp.value) as t.BooleanLiteral).value;
    if (method) {
      const credential = findProperty(obj, 'credentials');
      const creds = !!credential && unwrap(credential.value).type === 'BooleanLiteral' && (unwrap(credential.value) as t.BooleanLiteral).value;
      const repair: Repair = { kind: 'origin-option', start: method.start!, end: method.end!, module, property: true };
      if (acceptsEverything(method)) {
        if (creds) this.add('any-origin-reflected', 'high', method, 'The origin callback accepts every origin, with `credentials: true`: any site can read responses with the user\'s cookies', true, repair);
      } else if (method.params[0]?.type === 'Identifier') this.patternFlaws(this.checksIn(method.body, method.params[0].name), method, creds, repair);
      return;
    }
    if (!originProp || isString(unwrap(originProp.value), '*')) {
      // @koa/cors echoes whatever Origin comes when credentials are on and no origin (or "*") is set.
      if (dialect.credentialsEchoWildcard && credentials) {
        const repair: Repair = originProp
          ? { kind: 'origin-option', start: originProp.value.start!, end: originProp.value.end!, module }
          : { kind: 'origin-option', start: obj.start! + 1, end: obj.start! + 1, module, insert: true };
        this.add('any-origin-reflected', 'high', originProp ?? obj, `${module} with \`credentials: true\` and ${originProp ? '`origin: \'*\'`' : 'no `origin`'} echoes every origin: any site can read responses with the user's cookies`, true, repair);
      }
      return;
    }
    const value = unwrap(originProp.value);
    const repair: Repair = { kind: 'origin-option', start: originProp.value.start!, end: originProp.value.end!, module };
    const where = originProp;
    if (value.type === 'BooleanLiteral' && value.value && dialect.originTrueReflects) {
      if (credentials) this.add('any-origin-reflected', 'high', where, '`origin: true` with `credentials: true` echoes every origin: any site can read responses with the user\'s cookies', true, repair);
      return;
    }
    if (isString(value, 'null')) {
      this.add('null-origin-allowed', trustSeverity(credentials, false, true), where, 'The origin "null" is allowed (any site can send it from a sandboxed iframe)', credentials, repair);
      return;
    }
    if (value.type === 'ArrayExpression') {
      for (const el of value.elements) {
        if (!el) continue;
        const e = unwrap(el);
        if (isString(e, 'null')) this.add('null-origin-allowed', trustSeverity(credentials, false, true), e, 'The origin "null" is in the allow-list (any site can send it from a sandboxed iframe)', credentials, repair);
        if (e.type === 'RegExpLiteral') this.patternFlaws(regexFlaws(e.pattern), e, credentials, repair);
      }
      return;
    }
    if (value.type === 'RegExpLiteral') {
      this.patternFlaws(regexFlaws(value.pattern), value, credentials, repair);
      return;
    }
    const fn = this.functionOf(value);
    if (!fn) return;
    if (acceptsEverything(fn)) {
      if (credentials) this.add('any-origin-reflected', 'high', where, 'The origin callback accepts every origin, with `credentials: true`: any site can read responses with the user\'s cookies', true, repair);
      return;
    }
    const param = fn.params[0]?.type === 'Identifier' ? fn.params[0].name : null;
    if (param) this.patternFlaws(this.checksIn(fn.body, param), where, credentials, repair);
  }

  private patternFlaws(flaws: PatternFlaw[], node: t.Node, credentials: boolean, repair: Repair | null): void {
    for (const f of rankedFlaws(flaws, credentials)) this.add(f.id, f.severity, node, `Origin check is too loose: ${f.reason}`, credentials, repair);
  }

  /** Pattern flaws of the checks a function body makes on `name` (the Origin). */
  private checksIn(body: t.Node, name: string): PatternFlaw[] {
    const flaws: PatternFlaw[] = [];
    const isOrigin = (n: t.Node | undefined) => !!n && unwrap(n).type === 'Identifier' && (unwrap(n) as t.Identifier).name === name;
    walk(body, (n) => {
      if (n.type !== 'CallExpression') return;
      const method = memberName(n.callee);
      if (!method) return;
      const receiver = unwrap((n.callee as t.MemberExpression).object);
      const arg = n.arguments[0] ? unwrap(n.arguments[0] as t.Node) : undefined;
      if (isOrigin(receiver) && arg?.type === 'StringLiteral') {
        const flaw = stringCheckFlaw(method, arg.value);
        if (flaw) flaws.push(flaw);
      }
      if (isOrigin(receiver) && arg?.type === 'RegExpLiteral' && (method === 'match' || method === 'search')) flaws.push(...regexFlaws(arg.pattern));
      if (receiver.type === 'RegExpLiteral' && method === 'test' && isOrigin(arg)) flaws.push(...regexFlaws(receiver.pattern));
      if (receiver.type === 'StringLiteral' && (method === 'includes' || method === 'indexOf') && isOrigin(arg)) {
        flaws.push({ id: 'lookalike-origin-allowed', reason: `a string's ${method}(origin) accepts any part of "${receiver.value}" (https://a.co for https://a.com)` });
      }
    });
    return flaws;
  }

  // ---- hand-written headers ----

  handWritten(): void {
    const credentials = this.setsCredentials();
    walk(this.ast.program, (n, parents) => {
      let value: t.Node | undefined;
      let call: t.CallExpression | null = null;
      if (n.type === 'CallExpression' && HEADER_METHODS.has(memberName(n.callee) ?? '') && isString(n.arguments[0] as t.Node, 'access-control-allow-origin')) {
        value = n.arguments[1] as t.Node | undefined;
        call = n;
      } else if (n.type === 'ObjectProperty' && (isString(n.key, 'access-control-allow-origin') || (n.key.type === 'Identifier' && n.key.name.toLowerCase() === 'access-control-allow-origin'))) {
        value = n.value;
      }
      if (!value) return;
      this.site(n);
      const origin = this.requestOrigin(unwrap(value), parents);
      if (!origin) return;
      const guard = guardingTest(parents, origin.names, this.file);
      const severity: Severity = credentials ? 'high' : 'low';
      if (guard === null) {
        const statement = parents[parents.length - 1]?.type === 'ExpressionStatement' && call ? parents[parents.length - 1] : null;
        const repair: Repair | null = statement
          ? { kind: 'guard-statement', start: statement.start!, end: statement.end!, originText: origin.text, varyCall: this.varyCall(call!), value: { start: value.start!, end: value.end! } }
          : null;
        this.add('any-origin-reflected', severity, value, 'Access-Control-Allow-Origin is set from the request\'s Origin without checking it' + (credentials ? ', with credentials' : ''), credentials, repair);
        return;
      }
      const flaws = this.checksIn(guard, origin.names[0]);
      const repair: Repair = { kind: 'replace-check', start: guard.start!, end: guard.end!, originText: origin.text };
      this.patternFlaws(flaws, guard, credentials, repair);
    });
  }

  /** `res.setHeader('Vary', 'Origin')` in the same style, unless the file already sends Vary. */
  private varyCall(call: t.CallExpression): string | null {
    if (/['"`]vary['"`]/i.test(this.file.text)) return null;
    const callee = call.callee as t.MemberExpression;
    const q = this.file.text[(call.arguments[0] as t.Node).start!];
    return `${text(this.file, callee)}(${q}Vary${q}, ${q}Origin${q})`;
  }

  private setsCredentials(): boolean {
    let found = false;
    walk(this.ast.program, (n) => {
      if (found) return false;
      let key: t.Node | undefined;
      let value: t.Node | undefined;
      if (n.type === 'CallExpression' && HEADER_METHODS.has(memberName(n.callee) ?? '')) [key, value] = n.arguments as t.Node[];
      else if (n.type === 'ObjectProperty') [key, value] = [n.key, n.value];
      if (key && value && isString(key, 'access-control-allow-credentials')) {
        const v = unwrap(value);
        found = (v.type === 'StringLiteral' && v.value === 'true') || (v.type === 'BooleanLiteral' && v.value);
      }
    });
    return found;
  }

  /** Whether `node` is the request's Origin header (directly, with a fallback, or through a local variable). */
  private requestOrigin(node: t.Node, parents: t.Node[]): { text: string; names: string[] } | null {
    if (node.type === 'LogicalExpression' && (node.operator === '||' || node.operator === '??')) return this.requestOrigin(unwrap(node.left), parents);
    if (isOriginRead(node)) return { text: text(this.file, node), names: [text(this.file, node)] };
    if (node.type !== 'Identifier') return null;
    for (let i = parents.length - 1; i >= 0; i--) {
      let hit: t.VariableDeclarator | null = null;
      walk(parents[i], (d) => {
        if (hit) return false;
        if (d.type === 'VariableDeclarator' && d.id.type === 'Identifier' && d.id.name === node.name && d.init) {
          const init = unwrap(d.init);
          const base = init.type === 'LogicalExpression' ? unwrap(init.left) : init;
          if (isOriginRead(base)) hit = d;
        }
        // Destructuring: const { origin } = req.headers
        if (d.type === 'VariableDeclarator' && d.id.type === 'ObjectPattern' && d.init && memberName(unwrap(d.init)) === 'headers') {
          if (d.id.properties.some((p) => p.type === 'ObjectProperty' && p.value.type === 'Identifier' && p.value.name === node.name && (p.key.type === 'Identifier' ? p.key.name : (p.key as t.StringLiteral).value)?.toLowerCase() === 'origin')) hit = d;
        }
      });
      if (hit) return { text: node.name, names: [node.name] };
      if (parents[i].type.includes('Function')) break;
    }
    return null;
  }
}

/** req.headers.origin, req.headers['origin'], req.get('origin'), req.header('Origin'), ctx.get('Origin'), request.headers.get('origin'). */
function isOriginRead(node: t.Node): boolean {
  if ((node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && memberName(node)?.toLowerCase() === 'origin') {
    const name = memberName(unwrap(node.object));
    return name === 'headers' || name === 'header';
  }
  if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') {
    const method = memberName(node.callee);
    return (method === 'get' || method === 'header' || method === 'getHeader' || method === 'headers') && isString(node.arguments[0] as t.Node, 'origin');
  }
  return false;
}

/**
 * The test of the nearest `if`, `?:` or `&&` around the header line that really
 * checks the origin (a comparison or a method call on it), or null. A bare
 * truthiness test (`if (origin)`) checks nothing.
 */
function guardingTest(parents: t.Node[], names: string[], file: SourceFile): t.Node | null {
  for (let i = parents.length - 1; i >= 0; i--) {
    const p = parents[i];
    const test = p.type === 'IfStatement' || p.type === 'ConditionalExpression' ? p.test : p.type === 'LogicalExpression' && p.operator === '&&' ? p.left : null;
    if (test && checksOrigin(test, names, file)) return test;
    if (p.type.includes('Function')) break;
  }
  return null;
}

function checksOrigin(test: t.Node, names: string[], file: SourceFile): boolean {
  let real = false;
  walk(test, (n) => {
    if (real) return false;
    const mentions = (x: t.Node) => names.includes(file.text.slice(x.start!, x.end!));
    if (n.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(n.operator)) {
      const other = mentions(n.left as t.Node) ? n.right : mentions(n.right) ? n.left : null;
      if (other && !(other.type === 'Identifier' && other.name === 'undefined') && other.type !== 'NullLiteral') real = true;
    }
    if (n.type === 'CallExpression' && CHECK_METHODS.has(memberName(n.callee) ?? '') && (n.arguments.some((a) => mentions(a as t.Node)) || mentions((n.callee as t.MemberExpression).object))) real = true;
  });
  return real;
}

/** An origin callback with no decision in it: it allows whatever it is given. */
function acceptsEverything(fn: t.Function): boolean {
  const [first, second] = fn.params.map((p) => (p.type === 'Identifier' ? p.name : null));
  let decides = false;
  let accepts = false;
  const allowing = (n: t.Node | null | undefined) => {
    const v = n ? unwrap(n) : null;
    return !!v && ((v.type === 'BooleanLiteral' && v.value) || (v.type === 'Identifier' && v.name === first) || isOriginRead(v));
  };
  if (fn.body.type !== 'BlockStatement') accepts = allowing(fn.body);
  walk(fn.body, (n) => {
    if (n.type === 'IfStatement' || n.type === 'ConditionalExpression' || n.type === 'LogicalExpression' || n.type === 'SwitchStatement' || n.type === 'BinaryExpression') decides = true;
    if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === second && allowing(n.arguments[1] as t.Node)) accepts = true;
    if (n.type === 'ReturnStatement' && allowing(n.argument)) accepts = true;
    if (n.type === 'CallExpression' && CHECK_METHODS.has(memberName(n.callee) ?? '')) decides = true;
  });
  return accepts && !decides;
}

export interface StaticSite {
  file: string;
  range: Range;
}

/** The findings of one file, and where it configures CORS. */
export function analyzeJs(file: SourceFile): { findings: StaticFinding[]; sites: StaticSite[] } {
  if (!/access-control-allow-origin|cors/i.test(file.text)) return { findings: [], sites: [] };
  const ast = parseJs(file.path, file.text);
  if (!ast) return { findings: [], sites: [] };
  const a = new Analyzer(file, ast);
  a.corsCalls();
  a.handWritten();
  return { findings: a.findings, sites: a.sites };
}

export function jsStaticFindings(file: SourceFile): StaticFinding[] {
  return analyzeJs(file).findings;
}
