// Static findings in Python server code, read with the tree-sitter grammar the caller
// loaded (the core never loads it): django-cors-headers settings, Starlette/FastAPI's
// CORSMiddleware, Flask-CORS's CORS() and @cross_origin, and a hand-written
// Access-Control-Allow-Origin copied from the request's Origin without a real check.
// Each library's own matching decides what a pattern really accepts (re.match,
// re.fullmatch), and its own defaults what a missing option means.
import type { Tree } from '@vscode/tree-sitter-wasm';
import { rangeOf } from '../../codefix/edits';
import { removeItem, replaceNode } from '../../codefix/python/edit';
import { readValue, stringValue, type PyValue } from '../../codefix/python/literal';
import { SETTINGS } from '../../codefix/placement/django';
import { FLASK_REGEX_CHARS } from '../../codefix/placement/flask';
import { importedNames, importsFrom, keywordArgs, moduleAssignments, named, positionalArgs, walk, type Node } from '../../codefix/python/tree';
import type { LoadedGrammar, SourceFile } from '../../codefix/types';
import { trustSeverity } from '../catalog';
import type { FindingId, Severity } from '../types';
import { staticFinding } from './finding';
import type { StaticSite } from './js-cors-code';
import { rankedFlaws, regexFlaws, stringCheckFlaw, type PatternFlaw, type RegexAnchoring } from './origin-pattern';
import type { PythonFramework, Repair, StaticFinding } from './types';

const RE_MATCH: RegexAnchoring = { start: true, end: false };
const RE_FULLMATCH: RegexAnchoring = { start: true, end: true };
const CORS_MIDDLEWARE = ['fastapi.middleware.cors.CORSMiddleware', 'starlette.middleware.cors.CORSMiddleware'];
/** Methods that set a header: werkzeug's Headers.set/add, Starlette's MutableHeaders.append, dict.setdefault. */
const HEADER_SETTERS = new Set(['set', 'add', 'append', 'setdefault', 'add_header']);
/** Python string methods on the Origin, as the JavaScript checks they amount to. */
const STRING_CHECKS: Record<string, string> = { endswith: 'endsWith', startswith: 'startsWith', find: 'includes', index: 'includes', count: 'includes', __contains__: 'includes' };
const ACAO = 'access-control-allow-origin';

function isTrue(v: PyValue | null): boolean {
  return v?.kind === 'boolean' && v.value;
}

/** The keyword_argument node of a value (what a Problem underlines: `allow_origins=["*"]`). */
function keywordOf(value: Node): Node {
  return value.parent?.type === 'keyword_argument' ? value.parent : value;
}

function hasSplat(call: Node): boolean {
  return named(call.childForFieldName('arguments')).some((a) => a.type === 'dictionary_splat' || a.type === 'list_splat');
}

class PyAnalyzer {
  readonly findings: StaticFinding[] = [];
  readonly sites: StaticSite[] = [];
  private readonly imports: Map<string, string>;

  constructor(private readonly file: SourceFile, private readonly root: Node) {
    this.imports = importedNames(root);
  }

  private add(id: FindingId, severity: Severity, node: Node, title: string, credentials: boolean, repair: Repair | null): void {
    this.findings.push(staticFinding(this.file, { id, severity, start: node.startIndex, end: node.endIndex, title, credentials, repair }));
  }

  private site(node: Node): void {
    this.sites.push({ file: this.file.path, range: rangeOf(this.file.text, node.startIndex, node.endIndex) });
  }

  private locals(qualified: string[]): string[] {
    return [...this.imports].filter(([, full]) => qualified.includes(full)).map(([local]) => local).concat(qualified);
  }

  private read(node: Node | null | undefined): PyValue | null {
    return readValue(node, { root: this.root });
  }

  private patternFlaws(flaws: PatternFlaw[], node: Node, credentials: boolean, repair: Repair | null): void {
    for (const f of rankedFlaws(flaws, credentials)) this.add(f.id, f.severity, node, `Origin check is too loose: ${f.reason}`, credentials, repair);
  }

  /** "null" in an allow-list: any site sends it from a sandboxed iframe. */
  private nullOrigins(v: PyValue | null, credentials: boolean, framework: PythonFramework | null): void {
    if (v?.kind !== 'strings') return;
    for (const el of v.elements) {
      if (stringValue(el)?.toLowerCase() !== 'null') continue;
      const repair: Repair | null = framework ? { kind: 'framework-allow-list', framework, neutralize: [removeItem(this.file.text, el)] } : null;
      this.add('null-origin-allowed', trustSeverity(credentials, false, true), el, 'The origin "null" is in the allow-list (any site can send it from a sandboxed iframe)', credentials, repair);
    }
  }

  // ---- django-cors-headers: the settings module ----

  django(): void {
    const assignments = moduleAssignments(this.root);
    const setting = (names: readonly string[]) => {
      for (const name of names) {
        const a = assignments.get(name);
        if (a) return { name, assignment: a, value: this.read(a.childForFieldName('right')) };
      }
      return null;
    };
    const all = setting(SETTINGS.allowAll);
    const origins = setting(SETTINGS.origins);
    const regexes = setting(SETTINGS.regexes);
    if (!all && !origins && !regexes) return;
    const credentials = isTrue(setting(SETTINGS.credentials)?.value ?? null);
    for (const s of [all, origins, regexes]) if (s) this.site(s.assignment);
    if (all && isTrue(all.value) && credentials) {
      this.add('any-origin-reflected', 'high', all.assignment, `${all.name} = True with CORS_ALLOW_CREDENTIALS = True: django-cors-headers echoes every origin, so any site can read responses with the user's cookies`, true, { kind: 'framework-allow-list', framework: 'django', neutralize: [] });
    }
    this.nullOrigins(origins?.value ?? null, credentials, 'django');
    // django-cors-headers applies each with re.match: anchored at the start only.
    if (regexes?.value?.kind === 'strings') {
      for (const el of regexes.value.elements) {
        const source = stringValue(el);
        if (source === null) continue;
        this.patternFlaws(regexFlaws(source, RE_MATCH), el, credentials, { kind: 'framework-allow-list', framework: 'django', neutralize: [removeItem(this.file.text, el)] });
      }
    }
  }

  // ---- Starlette / FastAPI: CORSMiddleware ----

  starlette(): void {
    const classes = this.locals(CORS_MIDDLEWARE);
    walk(this.root, (n) => {
      if (n.type !== 'call') return;
      const kw = keywordArgs(n);
      const cls = positionalArgs(n)[0]?.text ?? kw.get('middleware_class')?.text;
      if (!cls || !classes.includes(cls)) return;
      this.site(n);
      if (hasSplat(n)) return;
      const credentials = isTrue(this.read(kw.get('allow_credentials')));
      const originsNode = kw.get('allow_origins');
      const origins = this.read(originsNode);
      const list = origins?.kind === 'strings' ? origins.values : origins?.kind === 'string' ? [origins.value] : [];
      // "*" with credentials: Starlette echoes the Origin of every request with a cookie, and of every preflight.
      if (list.includes('*') && credentials) {
        this.add('any-origin-reflected', 'high', keywordOf(originsNode!), 'CORSMiddleware with allow_origins=["*"] and allow_credentials=True echoes every origin: any site can read responses with the user\'s cookies', true, { kind: 'framework-allow-list', framework: 'fastapi', neutralize: [] });
      }
      this.nullOrigins(origins, credentials, 'fastapi');
      const regexNode = kw.get('allow_origin_regex');
      const regex = regexNode ? stringValue(regexNode) : null;
      if (regexNode && regex !== null) {
        // Starlette matches it with re.fullmatch: anchored at both ends.
        const kwNode = keywordOf(regexNode);
        this.patternFlaws(regexFlaws(regex, RE_FULLMATCH), kwNode, credentials, { kind: 'framework-allow-list', framework: 'fastapi', neutralize: [removeItem(this.file.text, kwNode)] });
      }
    });
  }

  // ---- Flask-CORS: CORS(app, ...) and @cross_origin(...) ----

  flaskCors(): void {
    const extensions = this.locals(['flask_cors.CORS']);
    const decorators = this.locals(['flask_cors.cross_origin']);
    const config = this.flaskConfig();
    walk(this.root, (n) => {
      if (n.type !== 'call') return;
      const callee = n.childForFieldName('function')?.text ?? '';
      const isExtension = extensions.includes(callee);
      if (!isExtension && !decorators.includes(callee)) return;
      this.site(n);
      const kw = keywordArgs(n);
      if (hasSplat(n)) return;
      const resources = kw.get('resources');
      if (resources?.type === 'dictionary') {
        // Per-path options override the call's; the generator does not rewrite them, so no fix.
        for (const pair of named(resources)) {
          const options = pair.type === 'pair' ? pair.childForFieldName('value') : null;
          if (options?.type !== 'dictionary' || named(options).some((c) => c.type === 'dictionary_splat')) continue;
          const entries = new Map(named(options).filter((c) => c.type === 'pair').map((c) => [stringValue(c.childForFieldName('key')!) ?? '', c.childForFieldName('value')!]));
          this.flaskOptions(pair, (name) => entries.get(name) ?? kw.get(name) ?? config.get(name), null);
        }
        return;
      }
      this.flaskOptions(n, (name) => kw.get(name) ?? (name === 'origins' && !isExtension ? positionalArgs(n)[0] : undefined) ?? config.get(name), isExtension ? 'flask' : null);
    });
  }

  /**
   * Flask-CORS options set in the app's config (`app.config["CORS_SUPPORTS_CREDENTIALS"] = True`,
   * `app.config.update(CORS_ORIGINS=...)`), by option name: the call's keywords override them.
   */
  private flaskConfig(): Map<string, Node> {
    const out = new Map<string, Node>();
    const set = (key: string, value: Node | null) => {
      if (value && /^CORS_[A-Z_]+$/.test(key)) out.set(key.slice('CORS_'.length).toLowerCase(), value);
    };
    walk(this.root, (n) => {
      if (n.type === 'assignment') {
        const left = n.childForFieldName('left');
        const key = left?.type === 'subscript' && /(^|\.)config$/.test(left.childForFieldName('value')?.text ?? '') ? stringValue(left.childForFieldName('subscript')!) : null;
        if (key) set(key, n.childForFieldName('right'));
      }
      if (n.type === 'call' && /(^|\.)config\.update$/.test(n.childForFieldName('function')?.text ?? '')) {
        for (const [key, value] of keywordArgs(n)) set(key, value);
      }
    });
    return out;
  }

  /** One set of Flask-CORS options (a call's, or one path's in `resources`); `framework` null: no quick fix. */
  private flaskOptions(where: Node, option: (name: string) => Node | undefined, framework: 'flask' | null): void {
    const credentials = isTrue(this.read(option('supports_credentials')));
    const originsNode = option('origins');
    const origins = this.read(originsNode);
    const repair = (neutralize: Array<{ start: number; end: number; text: string }>): Repair | null => (framework ? { kind: 'framework-allow-list', framework, neutralize } : null);
    const list = !origins ? ['*'] : origins.kind === 'string' ? [origins.value] : origins.kind === 'strings' ? origins.values : null;
    if (!list) return;
    // Flask-CORS echoes any Origin for "*" (its default) unless send_wildcard=True sends `*` itself.
    if (list.includes('*') && credentials && !isTrue(this.read(option('send_wildcard')))) {
      const title = originsNode
        ? 'Flask-CORS with origins="*" and supports_credentials=True echoes every origin: any site can read responses with the user\'s cookies'
        : 'Flask-CORS with supports_credentials=True and no origins echoes every origin: any site can read responses with the user\'s cookies';
      this.add('any-origin-reflected', 'high', originsNode ? keywordOf(originsNode) : where, title, true, repair([]));
      return;
    }
    this.nullOrigins(origins, credentials, framework);
    // Flask-CORS takes a string with regex characters for a pattern, applied with re.match.
    const patterns = origins?.kind === 'string' ? [origins.node] : origins?.kind === 'strings' ? origins.elements : [];
    for (const el of patterns) {
      const source = stringValue(el);
      if (source === null || source === '*' || !FLASK_REGEX_CHARS.test(source)) continue;
      const neutralize = origins!.kind === 'string' ? [replaceNode(el, '[]')] : [removeItem(this.file.text, el)];
      this.patternFlaws(regexFlaws(source, RE_MATCH), el, credentials, repair(neutralize));
    }
  }

  // ---- hand-written headers ----

  handWritten(): void {
    const credentials = this.setsCredentials();
    const vary = this.varyFramework();
    walk(this.root, (n) => {
      const set = headerSet(n, ACAO);
      if (!set) return;
      this.site(n);
      const origin = this.requestOrigin(set.value);
      if (!origin) return;
      const guard = guardingCondition(n, origin.names);
      const severity: Severity = credentials ? 'high' : 'low';
      if (!guard) {
        const statement = n.parent?.type === 'expression_statement' && ['block', 'module'].includes(n.parent.parent?.type ?? '') ? n.parent : null;
        const repair: Repair | null = statement
          ? { kind: 'py-guard-statement', start: statement.startIndex, end: statement.endIndex, originText: origin.text, value: { start: set.value.startIndex, end: set.value.endIndex }, vary: vary && set.response ? { framework: vary, response: set.response } : null }
          : null;
        this.add('any-origin-reflected', severity, set.value, 'Access-Control-Allow-Origin is set from the request\'s Origin without checking it' + (credentials ? ', with credentials' : ''), credentials, repair);
        return;
      }
      const flaws = this.checksIn(guard, origin.names);
      this.patternFlaws(flaws, guard, credentials, { kind: 'py-replace-check', start: guard.startIndex, end: guard.endIndex, originText: origin.text });
    });
  }

  /** Whether the file sets Access-Control-Allow-Credentials: true anywhere. */
  private setsCredentials(): boolean {
    let found = false;
    walk(this.root, (n) => {
      if (found) return false;
      const set = headerSet(n, 'access-control-allow-credentials');
      if (!set) return;
      const v = this.read(set.value);
      found = (v?.kind === 'string' && v.value.toLowerCase() === 'true') || isTrue(v);
    });
    return found;
  }

  /** How the file's framework adds Vary: Origin, unless it already sends a Vary. */
  private varyFramework(): PythonFramework | null {
    let mentions = false;
    walk(this.root, (n) => {
      if (mentions) return false;
      if (n.type === 'string' && stringValue(n)?.toLowerCase() === 'vary') mentions = true;
      if (n.type === 'attribute' && n.childForFieldName('attribute')?.text === 'vary') mentions = true;
      if (n.type === 'identifier' && n.text === 'patch_vary_headers') mentions = true;
    });
    if (mentions) return null;
    if (importsFrom(this.root, ['flask'])) return 'flask';
    if (importsFrom(this.root, ['fastapi', 'starlette'])) return 'fastapi';
    if (importsFrom(this.root, ['django'])) return 'django';
    return null;
  }

  /** Whether `node` is the request's Origin (directly, with a fallback, or through a local name), and how to write it. */
  private requestOrigin(node: Node): { text: string; names: string[] } | null {
    if (node.type === 'boolean_operator' && node.childForFieldName('operator')?.text === 'or') return this.requestOrigin(node.childForFieldName('left')!);
    if (node.type === 'parenthesized_expression' && node.firstNamedChild) return this.requestOrigin(node.firstNamedChild);
    const read = originRead(node);
    if (read) return { text: read, names: [node.text, read] };
    if (node.type !== 'identifier') return null;
    // `origin = request.headers.get("Origin")` earlier in the same function (or module).
    let scope: Node | null = node.parent;
    while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
    let assigned = false;
    if (scope) {
      walk(scope, (d) => {
        if (assigned || d.startIndex > node.startIndex) return false;
        if (d.type === 'assignment' && d.childForFieldName('left')?.text === node.text) {
          const right = d.childForFieldName('right');
          const base = right?.type === 'boolean_operator' ? right.childForFieldName('left') : right;
          if (base && originRead(base)) assigned = true;
        }
      });
    }
    return assigned ? { text: node.text, names: [node.text] } : null;
  }

  /** Pattern flaws of the checks a condition makes on the Origin. */
  private checksIn(condition: Node, names: string[]): PatternFlaw[] {
    const flaws: PatternFlaw[] = [];
    const isOrigin = (n: Node | null | undefined) => !!n && names.includes(n.text);
    visitAll(condition, (n) => {
      if (n.type === 'call') {
        const fn = n.childForFieldName('function');
        const args = positionalArgs(n);
        if (fn?.type !== 'attribute') return;
        const method = fn.childForFieldName('attribute')?.text ?? '';
        const receiver = fn.childForFieldName('object');
        if (isOrigin(receiver) && STRING_CHECKS[method] && args[0]) {
          const literals = args[0].type === 'tuple' ? named(args[0]) : [args[0]];
          for (const l of literals) {
            const value = stringValue(l);
            const flaw = value === null ? null : stringCheckFlaw(STRING_CHECKS[method], value);
            if (flaw) flaws.push(flaw);
          }
        }
        // re.match(r"...", origin), or PATTERN.match(origin) with PATTERN = re.compile(r"...").
        const anchoring = method === 'fullmatch' ? RE_FULLMATCH : method === 'match' ? RE_MATCH : method === 'search' ? { start: false, end: false } : null;
        if (!anchoring) return;
        const reModule = this.locals(['re']).includes(receiver?.text ?? '');
        const source = reModule && isOrigin(args[1]) ? stringValue(args[0]) : isOrigin(args[0]) ? this.compiledPattern(receiver) : null;
        if (source !== null && source !== undefined) flaws.push(...regexFlaws(source, anchoring));
      }
      if (n.type === 'comparison_operator') {
        const [left, right] = named(n);
        const op = n.children.find((c) => c && !c.isNamed)?.text;
        if (op !== 'in' && op !== 'not in') return;
        // Module-level names are followed: `ALLOWED = "https://a.com https://b.com"` is one string.
        const asString = (x: Node | undefined) => {
          const v = this.read(x);
          return v?.kind === 'string' ? v.value : null;
        };
        const leftValue = asString(left);
        const rightValue = asString(right);
        if (leftValue !== null && isOrigin(right)) {
          const flaw = stringCheckFlaw('includes', leftValue);
          if (flaw) flaws.push({ ...flaw, reason: `"${leftValue}" in origin is a substring test: https://${leftValue.replace(/^https?:\/\//, '')}.evil.example passes` });
        }
        if (rightValue !== null && isOrigin(left)) flaws.push({ id: 'lookalike-origin-allowed', reason: `origin in "${rightValue}" tests a substring of one string, so any part of it (https://a.co for https://a.com) passes` });
      }
    });
    return flaws;
  }

  /** The source of `re.compile(r"...")` assigned to a module-level name. */
  private compiledPattern(receiver: Node | null): string | null {
    if (receiver?.type !== 'identifier') return null;
    const right = moduleAssignments(this.root).get(receiver.text)?.childForFieldName('right');
    if (right?.type !== 'call' || !/(^|\.)compile$/.test(right.childForFieldName('function')?.text ?? '')) return null;
    const first = positionalArgs(right)[0];
    return first ? stringValue(first) : null;
  }
}

/**
 * `X["Header"] = v`, `X.headers.set("Header", v)` (and add/append/setdefault), `{"Header": v}`:
 * the value node, and the response it is set on (`response` for `response.headers[...]`
 * and Django's `response[...]`; null in a dict literal).
 */
function headerSet(n: Node, header: string): { value: Node; response: string | null } | null {
  const is = (k: Node | null | undefined) => !!k && stringValue(k)?.toLowerCase() === header;
  const responseOf = (container: Node | null) => {
    if (container?.type === 'attribute' && container.childForFieldName('attribute')?.text === 'headers') return container.childForFieldName('object')?.text ?? null;
    return container?.type === 'identifier' || container?.type === 'attribute' ? container.text : null;
  };
  if (n.type === 'assignment') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (left?.type === 'subscript' && is(left.childForFieldName('subscript')) && right) return { value: right, response: responseOf(left.childForFieldName('value')) };
  }
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    const args = positionalArgs(n);
    if (fn?.type === 'attribute' && HEADER_SETTERS.has(fn.childForFieldName('attribute')?.text ?? '') && is(args[0]) && args[1]) return { value: args[1], response: responseOf(fn.childForFieldName('object')) };
  }
  if (n.type === 'pair' && is(n.childForFieldName('key'))) {
    const value = n.childForFieldName('value');
    if (value) return { value, response: null };
  }
  return null;
}

/**
 * The request's Origin read as an expression that yields it (a `.get` default dropped):
 * request.headers.get("Origin"), request.headers["origin"], request.META.get("HTTP_ORIGIN"),
 * request.environ.get("HTTP_ORIGIN"), request.META["HTTP_ORIGIN"].
 */
function originRead(n: Node): string | null {
  const keyIs = (k: Node | undefined | null, container: string) => {
    const v = k ? stringValue(k)?.toLowerCase() : null;
    return /(^|\.)headers$/.test(container) ? v === 'origin' : /(^|\.)(META|environ)$/.test(container) && v === 'http_origin';
  };
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'get') return null;
    const container = fn.childForFieldName('object')?.text ?? '';
    const key = positionalArgs(n)[0];
    return keyIs(key, container) ? `${fn.text}(${key.text})` : null;
  }
  if (n.type === 'subscript') {
    const container = n.childForFieldName('value')?.text ?? '';
    return keyIs(n.childForFieldName('subscript'), container) ? n.text : null;
  }
  return null;
}

/**
 * The condition of the nearest `if`/`elif`, conditional expression or `and` around the
 * header line that really checks the origin (a comparison or a method call on it), or
 * null. A bare truthiness test (`if origin:`) checks nothing.
 */
function guardingCondition(node: Node, names: string[]): Node | null {
  let child = node;
  for (let p = node.parent; p && p.type !== 'function_definition' && p.type !== 'module'; child = p, p = p.parent) {
    let condition: Node | null = null;
    if ((p.type === 'if_statement' || p.type === 'elif_clause') && p.childForFieldName('condition')?.startIndex !== child.startIndex) condition = p.childForFieldName('condition');
    if (p.type === 'conditional_expression' && named(p)[0]?.startIndex === child.startIndex) condition = named(p)[1] ?? null;
    if (p.type === 'boolean_operator' && p.childForFieldName('operator')?.text === 'and' && p.childForFieldName('right')?.startIndex === child.startIndex) condition = p.childForFieldName('left');
    if (condition && checksOrigin(condition, names)) return condition;
  }
  return null;
}

function checksOrigin(condition: Node, names: string[]): boolean {
  let real = false;
  const mentions = (x: Node | null | undefined) => !!x && names.includes(x.text);
  visitAll(condition, (n) => {
    if (real) return false;
    if (n.type === 'comparison_operator') {
      const [left, right] = named(n);
      const other = mentions(left) ? right : mentions(right) ? left : null;
      if (other && other.type !== 'none') real = true;
    }
    if (n.type === 'call' && (positionalArgs(n).some(mentions) || mentions(n.childForFieldName('function')?.childForFieldName('object')))) real = true;
  });
  return real;
}

/** `visit` on `node` itself, then on its named descendants (walk starts below the node). */
function visitAll(node: Node, visit: (n: Node) => boolean | void): void {
  if (visit(node) === false) return;
  walk(node, visit);
}

/** The findings of one Python file, and where it configures CORS. Without the grammar, none. */
export function analyzePython(file: SourceFile, grammar: LoadedGrammar | undefined): { findings: StaticFinding[]; sites: StaticSite[] } {
  if (!grammar || !mentionsCors(file.text)) return { findings: [], sites: [] };
  const tree = grammar.parse(file.text) as Tree;
  const a = new PyAnalyzer(file, tree.rootNode);
  a.django();
  a.starlette();
  a.flaskCors();
  a.handWritten();
  return { findings: a.findings, sites: a.sites };
}

/** Whether a file can have CORS code at all (the shell loads the grammar only for those). */
export function mentionsCors(text: string): boolean {
  return /access-control-allow-origin|cors/i.test(text);
}
