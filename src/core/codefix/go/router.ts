// Routers that take middleware with `r.Use(...)` (gin, chi): the router's creation, its
// registrations in order, the one that adds the CORS library's middleware and the
// options literal it is given, and what is registered before CORS that answers first
// (a session check refuses a preflight, which carries no cookie; in gin a route
// registered before `Use` never gets that middleware at all).
import type { Placement } from '../plugin';
import type { Project } from '../project';
import { named, type Node } from '../tree-sitter';
import type { SourceFile } from '../types';
import { requiresModule } from './manifest';
import { detectGoStyle, type GoStyle } from './style';
import { argumentsOf, calleeText, declarationsOf, goFiles, goTree, importsOf, localPackage, statementsOf } from './tree';

export interface RouterKind {
  /** The router package's import path. */
  router: string;
  /** Its functions that create a router (`Default`, `New`, `NewRouter`). */
  constructors: string[];
  /** Methods of the router that register routes (before CORS: too late in gin). */
  routeMethods: RegExp | null;
  /** Middleware that never answers a request itself (logging, recovery). */
  harmless: RegExp;
  /** The CORS library's import path and the functions that make its middleware from an options literal. */
  library: string;
  corsFunctions: string[];
}

export interface Registration {
  statement: Node;
  /** What it registers, as written (`requireSession()`, `r.GET`). */
  name: string;
  isCors: boolean;
  /** May answer a request before CORS runs when registered first. */
  answers: boolean;
}

/** What a router plug-in's placement found: the router site (see findRouter). */
export interface GoRouterPlacement extends Placement {
  site: RouterSite;
}

export interface RouterSite {
  file: SourceFile;
  root: Node;
  style: GoStyle;
  routerName: string;
  /** The statement that creates the router. */
  statement: Node;
  /** The local name of the CORS library in this file, if imported. */
  corsPkg: string | null;
  registrations: Registration[];
  /** The CORS registration and the options literal given to it. */
  cors: { registration: Registration; call: Node; literal: Node | null } | null;
  /** The first registration before CORS that answers first. */
  tooLate: Registration | null;
}

function registrationsAfter(statement: Node, routerName: string, kind: RouterKind, corsPkg: string | null): Registration[] {
  const list = statement.parent!;
  const all = statementsOf(list.type === 'statement_list' ? list.parent : list);
  const out: Registration[] = [];
  for (const stmt of all.slice(all.indexOf(statement) + 1)) {
    const call = stmt.type === 'expression_statement' ? stmt.firstNamedChild : stmt.type === 'short_var_declaration' ? named(stmt.childForFieldName('right'))[0] : null;
    if (call?.type !== 'call_expression') continue;
    const callee = calleeText(call);
    if (callee === `${routerName}.Use`) {
      const args = argumentsOf(call);
      const isCors = Boolean(corsPkg) && args.some((a) => a.type === 'call_expression' && kind.corsFunctions.some((f) => calleeText(a) === `${corsPkg}.${f}`));
      out.push({ statement: stmt, name: args.map((a) => a.text).join(', '), isCors, answers: !isCors && !args.every((a) => kind.harmless.test(a.text)) });
    } else if (kind.routeMethods && callee.startsWith(`${routerName}.`) && kind.routeMethods.test(callee.slice(routerName.length + 1))) {
      out.push({ statement: stmt, name: callee, isCors: false, answers: true });
    }
  }
  return out;
}

/** The router of the project (the one in the file with most registrations), or why none was found. */
export function findRouter(project: Project, kind: RouterKind): RouterSite | string {
  let best: RouterSite | null = null;
  for (const f of goFiles(project)) {
    const tree = goTree(project, f.path);
    if (!tree) continue;
    const root = tree.rootNode;
    const pkg = localPackage(root, kind.router);
    if (!pkg) continue;
    const made = declarationsOf(root, (v) => v.type === 'call_expression' && kind.constructors.some((c) => calleeText(v) === `${pkg}.${c}`));
    for (const m of made) {
      const corsPkg = localPackage(root, kind.library);
      const registrations = registrationsAfter(m.statement, m.name, kind, corsPkg);
      const reg = registrations.find((r) => r.isCors) ?? null;
      let cors: RouterSite['cors'] = null;
      if (reg) {
        const use = reg.statement.firstNamedChild!;
        const call = argumentsOf(use).find((a) => a.type === 'call_expression' && kind.corsFunctions.some((fn) => calleeText(a) === `${corsPkg}.${fn}`))!;
        const literal = argumentsOf(call).find((a) => a.type === 'composite_literal') ?? null;
        cors = { registration: reg, call, literal };
      }
      const before = reg ? registrations.slice(0, registrations.indexOf(reg)) : [];
      const site: RouterSite = {
        file: f, root, style: detectGoStyle(f.text), routerName: m.name, statement: m.statement, corsPkg,
        registrations, cors, tooLate: before.find((r) => r.answers) ?? null,
      };
      if (!best || site.registrations.length > best.registrations.length) best = site;
    }
  }
  return best ?? `no router found (looked for \`r := ${kind.constructors.map((c) => `${kind.router.split('/').pop()}.${c}()`).join(' or ')}\` in ${goFiles(project).length} Go file(s))`;
}

/** Detection shared by the Go plug-ins: go.mod requires the module (10), a file imports a package of it (5). */
export function detectModule(project: Project, module: string): number {
  if (requiresModule(project, module)) return 10;
  return goFiles(project).some((f) => {
    const t = goTree(project, f.path);
    return t ? [...importsOf(t.rootNode).keys()].some((p) => p === module || p.startsWith(`${module}/`)) : false;
  }) ? 5 : 0;
}
