// The fix for a router that takes middleware with `r.Use(...)` (gin, chi): the CORS
// library's options literal amended in place; its registration moved before what
// answers first; or, without CORS, the library's middleware registered right after the
// router is created (before every route and every session check), with the import and,
// when go.mod lacks it, the require line.
import { needsChange, shortfall } from '../allowance';
import { replaceEdit } from '../edits';
import type { GeneratedFix } from '../plugin';
import type { Project } from '../project';
import type { CorsPolicy, DependencyChange, PlannedChange, TextEdit } from '../types';
import { goImportEdits, mergeInsertions, moveLinesBefore, type OffsetEdit } from './edit';
import { addGoRequire } from './manifest';
import { amendOptions, newOptionFields, newOptionsLiteral, readOptions, type OptionsDialect } from './options';
import type { RouterSite } from './router';
import { indentAt, lineSpan } from './style';
import { defaultPackageName } from './tree';

export interface RouterFixKind {
  dialect: OptionsDialect;
  /** The library's function that makes the middleware from the options (`New`, `Handler`). */
  corsFunction: string;
  /** The version written to go.mod when the project lacks the library. */
  version: string;
}

function allowing(policy: CorsPolicy): string {
  return `allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}`;
}

export function routerFix(site: RouterSite, policy: CorsPolicy, project: Project, kind: RouterFixKind): GeneratedFix {
  const { file, style } = site;
  const text = file.text;
  const d = kind.dialect;
  const where = (n: { startPosition: { row: number } }) => `${file.path}:${n.startPosition.row + 1}`;
  const asText = (edits: OffsetEdit[]): TextEdit[] => mergeInsertions(edits).map((e) => replaceEdit(file, e.start, e.end, e.text));

  if (site.cors) {
    const { registration, call, literal } = site.cors;
    if (!literal) return { changes: [], dependencies: [], unfixable: `${call.text} (${where(call)}) is given no options literal to amend; write its options as ${site.corsPkg}.${d.type}{...} there` };
    const allowed = readOptions(literal, site.root, d);
    const amended = needsChange(shortfall(allowed, policy)) ? amendOptions(text, literal, site.root, allowed, policy, d, style) : { edits: [] as OffsetEdit[], what: [] as string[] };
    if ('unfixable' in amended && amended.unfixable) return { changes: [], dependencies: [], unfixable: `${amended.unfixable} (${where(literal)})` };
    const edits = [...amended.edits];
    if ('needsTime' in amended && amended.needsTime) edits.push(...goImportEdits(text, site.root, ['time'], style));
    const what = amended.what.join(', ');
    const changes: PlannedChange[] = [];
    if (site.tooLate) {
      changes.push({
        reason: `Register CORS before ${site.tooLate.name} (${where(site.tooLate.statement)}), which answers first: preflights carry no cookies${what ? `, and ${what}` : ''} (${where(registration.statement)})`,
        edits: asText(moveLinesBefore(text, registration.statement, site.tooLate.statement, edits)),
      });
    } else if (edits.length) {
      changes.push({ reason: `${what.replace(/^./, (c) => c.toUpperCase())} in ${site.corsPkg}.${d.type}{...} (${where(literal)})`, edits: asText(edits) });
    }
    return { changes, dependencies: [], moved: Boolean(site.tooLate) };
  }

  // No CORS yet: right after the router is created.
  const pkg = site.corsPkg ?? defaultPackageName(d.library);
  const indent = indentAt(text, site.statement.startIndex);
  const at = lineSpan(text, site.statement.startIndex, site.statement.endIndex).end;
  const edits: OffsetEdit[] = [];
  const usesTime = d.maxAgeDuration && newOptionFields(policy, d).some((f) => f.key === d.maxAge);
  edits.push(...goImportEdits(text, site.root, usesTime ? [d.library, 'time'] : [d.library], style));
  edits.push({ start: at, end: at, text: `${indent}${site.routerName}.Use(${pkg}.${kind.corsFunction}(${newOptionsLiteral(pkg, policy, d, indent, style)}))${style.eol}` });
  const dependencies: DependencyChange[] = [];
  const changes: PlannedChange[] = [];
  const req = addGoRequire(project, d.library, kind.version);
  if (req.dependency) dependencies.push(req.dependency);
  changes.push({
    reason: `Register ${d.library}'s middleware right after the router is created (${where(site.statement)}), ${allowing(policy)}${req.dependency ? ` (${d.library} ${kind.version} added to ${req.dependency.manifest ?? 'the project'}: run ${req.dependency.installCommand})` : ''}`,
    edits: asText(edits),
  });
  if (req.edits.length) changes.push({ reason: `Require ${d.library} ${kind.version} in ${req.dependency?.manifest}`, edits: req.edits });
  return { changes, dependencies };
}
