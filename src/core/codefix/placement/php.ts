// Plain PHP: a script the web server runs for every request (the front controller,
// `index.php`, or the router script of `php -S`). CORS is header() calls: the user's own
// (an allow-list checked with in_array, or literal values), or the block this planner
// writes at the top of the script. A check earlier in the script that ends the request
// (a login check that exits with 401) refuses preflights, which carry no cookies,
// before any CORS header is sent: PHP's "CORS too late".
import type { FrameworkPlacement, Placement } from '../plugin';
import type { Project } from '../project';
import type { SourceFile } from '../types';
import { locationOf, walk, type Node } from '../tree-sitter';
import { allowedFromSites, findAllowList, findHeaderSites, type PhpAllowList, type PhpHeaderSite } from '../php/headers';
import { detectPhpStyle, type PhpStyle } from '../php/style';
import { composerRequires, functionName, phpFiles, phpTree, topStatements, wantsPhpFile } from '../php/tree';

export interface PhpPlacement extends Placement {
  file: SourceFile;
  root: Node;
  style: PhpStyle;
  /** The CORS header() calls of the script, and the origin allow-list they use. */
  sites: PhpHeaderSite[];
  allowList: PhpAllowList | null;
  /** A top-level statement before the CORS code that can end the request (its first line is where CORS must go). */
  guard: Node | null;
  /** Where new CORS code goes: the first statement after the requires and declarations. */
  insertAt: number;
}

/** Statements that only set the script up (new code goes after them). */
const SETUP = new Set(['namespace_definition', 'namespace_use_declaration', 'declare_statement', 'comment', 'function_definition', 'class_declaration', 'interface_declaration', 'trait_declaration', 'const_declaration']);

function isSetup(stmt: Node): boolean {
  if (SETUP.has(stmt.type)) return true;
  const e = stmt.type === 'expression_statement' ? stmt.firstNamedChild : null;
  return Boolean(e && /^(require|include)(_once)?_expression$/.test(e.type));
}

/** Whether a statement can end the request: exit/die, or a return at the top of the script. */
function endsRequest(stmt: Node): boolean {
  if (stmt.type === 'exit_statement' || stmt.type === 'return_statement') return true;
  let found = false;
  walk(stmt, (n) => {
    if (n.type === 'function_definition' || n.type === 'anonymous_function' || n.type === 'arrow_function') return false;
    if (n.type === 'exit_statement' || (n.type === 'function_call_expression' && (functionName(n) === 'exit' || functionName(n) === 'die'))) found = true;
  });
  return found;
}

/** The top-level statement that holds `node`. */
function topOf(node: Node, tops: Node[]): Node | undefined {
  return tops.find((t) => t.startIndex <= node.startIndex && node.endIndex <= t.endIndex);
}

function entryFile(project: Project): SourceFile | null {
  const files = phpFiles(project);
  const withCors = files.find((f) => {
    const t = phpTree(project, f.path);
    return t ? findHeaderSites(t.rootNode).some((s) => s.name === 'access-control-allow-origin') : false;
  });
  if (withCors) return withCors;
  const depth = (p: string) => p.split('/').length;
  const index = files.filter((f) => /(^|\/)index\.php$/.test(f.path)).sort((a, b) => depth(a.path) - depth(b.path));
  return index[0] ?? files[0] ?? null;
}

export const phpPlacement: FrameworkPlacement<PhpPlacement> = {
  framework: 'php',
  language: 'php',
  wantsFile: wantsPhpFile,
  detect(project) {
    const files = phpFiles(project);
    if (!files.length) return 0;
    return project.files.some((f) => f.path === 'composer.json') ? 4 : 3;
  },
  locate(project) {
    if (!project.grammars.php) return { unfixable: 'the PHP grammar was not loaded, so the PHP code cannot be read' };
    if (composerRequires(project).has('laravel/framework')) return { unfixable: 'this is a Laravel app: its CORS is config/cors.php' };
    const file = entryFile(project);
    const tree = file ? phpTree(project, file.path) : null;
    if (!file || !tree) return { unfixable: 'no PHP script found (looked for index.php)' };
    const root = tree.rootNode;
    const tops = topStatements(root);
    const sites = findHeaderSites(root);
    const acao = sites.filter((s) => s.name === 'access-control-allow-origin');
    const firstCors = acao.length ? topOf(acao[0].statement, tops) : undefined;
    const before = firstCors ? tops.slice(0, tops.indexOf(firstCors)) : tops;
    const guard = before.find((s) => endsRequest(s) && !/OPTIONS/.test(s.text)) ?? null;
    const first = tops.find((s) => !isSetup(s));
    const insertAt = first ? first.startIndex : root.endIndex;
    const allowList = findAllowList(root, root);
    return {
      framework: 'php',
      app: locationOf(file, first ?? root),
      cors: acao.length ? locationOf(file, acao[0].statement) : null,
      headerLine: acao.length ? locationOf(file, acao[0].statement) : null,
      allowed: acao.length ? allowedFromSites(sites, allowList) : null,
      route: null,
      file,
      root,
      style: detectPhpStyle(file.text, root),
      sites,
      allowList,
      guard,
      insertAt,
    };
  },
};
