// Spring Boot: CORS is a WebMvcConfigurer's addCorsMappings
// (`registry.addMapping("/**").allowedOrigins(…)…`, with CorsRegistration's permissive
// defaults), or a CorsConfigurationSource bean's CorsConfiguration (no defaults: GET and
// HEAD only). With Spring Security, its filters run before Spring MVC and refuse the
// preflight (no cookies) unless the SecurityFilterChain enables `cors(…)`, which then uses
// that configuration: Spring's "CORS too late".
import { chainOf, link, type Chain } from '../chain';
import type { FrameworkPlacement, Placement } from '../plugin';
import type { Project } from '../project';
import type { AllowedCors, SourceFile } from '../types';
import { locationOf, named, walk, type Node } from '../tree-sitter';
import { layoutOf, type Layout } from '../text-lines';
import { JAVA_CALLS, javaFiles, javaTree, methodsIn, stringArgs, wantsJavaFile } from '../java/tree';

export interface SpringSource {
  /** The local CorsConfiguration variable and its statements `configuration.setX(...)`, by setter. */
  variable: string;
  declaration: Node;
  setters: Map<string, Node>;
  last: Node;
}

export interface SpringPlacement extends Placement {
  file: SourceFile;
  root: Node;
  style: Layout;
  registration: Chain | null;
  source: SpringSource | null;
  /** The HttpSecurity chain of a SecurityFilterChain bean that does not enable CORS. */
  securityChain: Chain | null;
  securityFile: SourceFile | null;
  /** The @SpringBootApplication class's file and package (a new CORS configuration goes beside it). */
  appFile: SourceFile | null;
  appPackage: string | null;
}

const BOOT = /spring-boot/;

function seconds(n: Node | undefined): number | null {
  return n && /^\d+[lL]?$/.test(n.text) ? Number(n.text.replace(/[lL]$/, '')) : null;
}

export function registrationAllowed(chain: Chain): AllowedCors {
  const strs = (name: string) => {
    const l = link(chain, name);
    return l ? stringArgs(l.args)?.values ?? null : undefined;
  };
  const origins = strs('allowedOrigins');
  const methods = strs('allowedMethods');
  const headers = strs('allowedHeaders');
  const cred = link(chain, 'allowCredentials')?.args[0]?.text === 'true';
  // CorsRegistration starts from applyPermitDefaultValues(): origins *, GET/HEAD/POST, headers *, max-age 1800.
  return {
    origins: link(chain, 'allowedOriginPatterns') || origins === null ? 'computed' : origins === undefined || origins.includes('*') ? 'any' : origins,
    methods: methods === null ? 'computed' : methods === undefined ? ['GET', 'HEAD', 'POST'] : methods.includes('*') ? 'any' : methods.map((m) => m.toUpperCase()),
    allowHeaders: headers === null ? 'computed' : headers === undefined || headers.includes('*') ? 'reflect' : headers.map((h) => h.toLowerCase()),
    exposeHeaders: (strs('exposedHeaders') ?? []).map((h) => h.toLowerCase()),
    credentials: cred,
    maxAgeSeconds: link(chain, 'maxAge') ? seconds(link(chain, 'maxAge')!.args[0]) : 1800,
    privateNetwork: false,
  };
}

export function sourceAllowed(s: SpringSource): AllowedCors {
  const strs = (setter: string, adder: string): string[] | null | undefined => {
    const set = s.setters.get(setter);
    const listed = set ? stringArgs(JAVA_CALLS.args(set))?.values ?? null : undefined;
    const added = [...s.setters.entries()].filter(([k]) => k.startsWith(`${adder}#`)).map(([, c]) => stringArgs(JAVA_CALLS.args(c))?.values ?? null);
    if (listed === null || added.some((a) => a === null)) return null;
    return listed === undefined && !added.length ? undefined : [...(listed ?? []), ...added.flat() as string[]];
  };
  const origins = strs('setAllowedOrigins', 'addAllowedOrigin');
  const methods = strs('setAllowedMethods', 'addAllowedMethod');
  const headers = strs('setAllowedHeaders', 'addAllowedHeader');
  const cred = s.setters.get('setAllowCredentials');
  return {
    origins: s.setters.has('setAllowedOriginPatterns') || origins === null ? 'computed' : !origins ? [] : origins.includes('*') ? 'any' : origins,
    methods: methods === null ? 'computed' : !methods ? ['GET', 'HEAD'] : methods.includes('*') ? 'any' : methods.map((m) => m.toUpperCase()),
    allowHeaders: headers === null ? 'computed' : !headers ? [] : headers.includes('*') ? 'reflect' : headers.map((h) => h.toLowerCase()),
    exposeHeaders: (strs('setExposedHeaders', 'addExposedHeader') ?? []).map((h) => h.toLowerCase()),
    credentials: cred ? JAVA_CALLS.args(cred)[0]?.text === 'true' : false,
    maxAgeSeconds: seconds(s.setters.get('setMaxAge') ? JAVA_CALLS.args(s.setters.get('setMaxAge')!)[0] : undefined),
    privateNetwork: false,
  };
}

function findRegistration(root: Node): Chain | null {
  for (const m of methodsIn(root, 'addCorsMappings')) {
    const param = m.childForFieldName('parameters')?.namedChildren.find((p) => p?.type === 'formal_parameter')?.childForFieldName('name')?.text;
    for (const stmt of named(m.childForFieldName('body'))) {
      const chain = stmt.type === 'expression_statement' && stmt.firstNamedChild ? chainOf(stmt.firstNamedChild, JAVA_CALLS) : null;
      if (chain && chain.root.text === param && chain.links[0]?.name === 'addMapping') return chain;
    }
  }
  return null;
}

function findSource(root: Node): SpringSource | null {
  let found: SpringSource | null = null;
  walk(root, (n) => {
    if (found || n.type !== 'local_variable_declaration' || n.childForFieldName('type')?.text !== 'CorsConfiguration') return;
    const variable = n.childForFieldName('declarator')?.childForFieldName('name')?.text;
    if (!variable) return;
    const setters = new Map<string, Node>();
    let last: Node = n;
    let i = 0;
    for (let s = n.nextNamedSibling; s; s = s.nextNamedSibling) {
      const call = s.type === 'expression_statement' ? s.firstNamedChild : null;
      if (call?.type !== 'method_invocation' || JAVA_CALLS.receiver(call)?.text !== variable) continue;
      const name = JAVA_CALLS.name(call)!.text;
      setters.set(name.startsWith('add') ? `${name}#${i++}` : name, call);
      last = s;
    }
    found = { variable, declaration: n, setters, last };
  });
  return found;
}

function findSecurityChain(root: Node): Chain | null {
  for (const m of methodsIn(root, '').concat([])) void m;
  let found: Chain | null = null;
  walk(root, (n) => {
    if (found || n.type !== 'method_declaration' || n.childForFieldName('type')?.text !== 'SecurityFilterChain') return;
    const param = named(n.childForFieldName('parameters')).find((p) => p.childForFieldName('type')?.text === 'HttpSecurity')?.childForFieldName('name')?.text;
    walk(n, (s) => {
      if (found || s.type !== 'expression_statement' && s.type !== 'return_statement') return;
      const expr = s.firstNamedChild;
      const chain = expr?.type === 'method_invocation' ? chainOf(expr, JAVA_CALLS) : null;
      if (chain && chain.root.text === param && chain.links.length && chain.links[0].name !== 'build') found = chain;
      return false;
    });
    return false;
  });
  return found;
}

export const springPlacement: FrameworkPlacement<SpringPlacement> = {
  framework: 'spring',
  language: 'java',
  wantsFile: wantsJavaFile,
  detect(project) {
    if (project.files.some((f) => /(^|\/)(pom\.xml|build\.gradle(\.kts)?)$/.test(f.path) && BOOT.test(f.text))) return 10;
    return javaFiles(project).some((f) => f.text.includes('@SpringBootApplication')) ? 5 : 0;
  },
  locate(project) {
    if (!project.grammars.java) return { unfixable: 'the Java grammar was not loaded, so the Spring code cannot be read' };
    let registration: { file: SourceFile; root: Node; chain: Chain } | null = null;
    let source: { file: SourceFile; root: Node; s: SpringSource } | null = null;
    let security: { file: SourceFile; chain: Chain } | null = null;
    let app: { file: SourceFile; pkg: string | null } | null = null;
    let securityEnablesCors = false;
    for (const f of javaFiles(project)) {
      const tree = javaTree(project, f.path);
      if (!tree) continue;
      const root = tree.rootNode;
      const r: Chain | null = registration ? null : findRegistration(root);
      if (r) registration = { file: f, root, chain: r };
      const s: SpringSource | null = source ? null : findSource(root);
      if (s) source = { file: f, root, s };
      const sec = findSecurityChain(root);
      if (sec) {
        if (link(sec, 'cors')) securityEnablesCors = true;
        else security ??= { file: f, chain: sec };
      }
      if (!app && f.text.includes('@SpringBootApplication')) app = { file: f, pkg: named(root).find((n) => n.type === 'package_declaration')?.namedChildren[0]?.text ?? null };
    }
    const home = source ?? registration;
    const file = source?.file ?? registration?.file ?? app?.file ?? javaFiles(project)[0];
    if (!file) return { unfixable: 'no Java source found' };
    const root = home ? (home as { root: Node }).root : javaTree(project, file.path)!.rootNode;
    const at = source ? source.s.declaration : registration?.chain.outer ?? null;
    return {
      framework: 'spring',
      app: app ? { file: app.file.path, line: 0, character: 0 } : null,
      cors: at ? locationOf(file, at) : null,
      // The bean wins over the registry once Spring Security uses it; without Security, the registry is what runs.
      allowed: source ? sourceAllowed(source.s) : registration ? registrationAllowed(registration.chain) : null,
      route: null,
      file,
      root,
      style: layoutOf(file.text),
      registration: source ? null : registration?.chain ?? null,
      source: source?.s ?? null,
      securityChain: securityEnablesCors ? null : security?.chain ?? null,
      securityFile: securityEnablesCors ? null : security?.file ?? null,
      appFile: app?.file ?? null,
      appPackage: app?.pkg ?? null,
    };
  },
};
