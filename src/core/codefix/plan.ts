// The one entry of quick fixes: file texts + recorded exchanges → a FixPlan (text
// edits with their reasons, the dependencies to install, the proven policy, a title,
// and where CORS is configured). Pure: the caller reads files and applies the edits.
//
// Steps: group the records into flows → pick the framework → its placement finds the
// app, the CORS code and the failing route → the policy is derived (merged with what
// the code allows), validated and proven with the engine → the generator writes the
// edits → the plan checks its own output: re-read, the code must now allow the policy,
// must not be dangerous, and planning again must change nothing.
import { flowsOf, type EvidenceFlow } from './evidence';
import { applyEditsToFiles } from './edits';
import { detectFrameworks } from './detect';
import { needsChange, shortfall } from './allowance';
import { isNoPlacement, type FrameworkPlugin, type Placement, type RouteTarget } from './plugin';
import { derivePolicy } from './policy';
import { Project } from './project';
import { FRAMEWORKS, pluginById } from './registry';
import { fixTitle } from './title';
import { blockingFindings } from '../audit/policy-audit';
import type { AllowedCors, CorsPolicy, FileRequest, FixInput, FixPlan, SourceFile, SourceLocation, SourceLanguage, TextEdit, Unfixable } from './types';

/** Paths never worth reading (dependencies, build output, VCS). */
const SKIPPED_DIRS = /(^|\/)(node_modules|\.git|dist|build|out|coverage|\.next|\.nuxt|\.svelte-kit|\.turbo|\.cache|vendor|target|__pycache__|\.venv|venv)(\/|$)/;

/** Which of the workspace's files the planner wants, and the parsers they need. */
export function filesToRead(paths: string[], plugins: readonly FrameworkPlugin[] = FRAMEWORKS): FileRequest {
  const files: string[] = [];
  const languages = new Set<SourceLanguage>();
  for (const path of paths) {
    if (SKIPPED_DIRS.test(path)) continue;
    const wanting = plugins.filter((p) => p.placement.wantsFile(path));
    if (!wanting.length) continue;
    files.push(path);
    for (const p of wanting) if (p.placement.language !== 'javascript') languages.add(p.placement.language);
  }
  return { files, languages: [...languages] };
}

function failingFlows(input: FixInput): EvidenceFlow[] {
  const wanted = input.focus?.exchangeIds?.length ? new Set(input.focus.exchangeIds) : null;
  return flowsOf(input.records).filter((f) => f.judged.verdict === 'fail' && (!wanted || f.records.some((r) => wanted.has(r.id))));
}

/** The server a flow went to: the origin of its first request's URL ('' when the URL has none). */
function serverOf(flow: EvidenceFlow): string {
  try {
    return new URL(flow.records[0].request.url).origin;
  } catch {
    return '';
  }
}

/** The request the fix is about: the first failing flow's actual request, else its preflight. */
function targetOf(flows: EvidenceFlow[]): RouteTarget | null {
  const f = flows[0];
  if (!f) return null;
  const actual = f.records.find((r) => r.type === 'request');
  if (actual) return { method: actual.request.method, url: actual.request.url };
  const pf = f.records[0];
  const asked = pf.request.headers.find(([n]) => n.toLowerCase() === 'access-control-request-method')?.[1];
  return { method: 'OPTIONS', url: pf.request.url, preflightFor: asked };
}

function choosePlugin(project: Project, input: FixInput): FrameworkPlugin | null {
  if (input.framework) return pluginById(input.framework) ?? null;
  const best = detectFrameworks(project)[0];
  return best ? pluginById(best.framework) ?? null : null;
}

function emptyPlan(status: FixPlan['status'], title: string, extra: Partial<FixPlan> = {}): FixPlan {
  return { status, framework: null, policy: null, title, changes: [], dependencies: [], unfixable: [], location: null, ...extra };
}

function locationOf(p: Placement): SourceLocation | null {
  return p.cors ?? p.headerLine ?? p.app;
}

/** A configuration no quick fix may leave behind. */
function dangerous(allowed: AllowedCors | null, policy: CorsPolicy): string | null {
  if (!allowed) return 'the CORS code could not be found again after the edit';
  if (allowed.credentials && (allowed.origins === 'any' || allowed.origins === 'reflect')) return 'the edited code would allow any origin with credentials';
  if (needsChange(shortfall(allowed, policy))) return 'the edited code still does not allow what the policy needs';
  return null;
}

/**
 * Plans the quick fix. Status `fix`: `changes` hold the edits (some flows may still be
 * `unfixable`). `nothing-to-fix`: no failing exchange, or the code already allows it.
 * `unfixable`: no code change here can fix the failures (each reason in `unfixable`).
 */
export function planFix(input: FixInput): FixPlan {
  const project = new Project(input.files, input.grammars);
  const failing = failingFlows(input);
  if (failing.length === 0) return emptyPlan('nothing-to-fix', 'Nothing to fix: no exchange failed CORS');
  const allIds = failing.flatMap((f) => f.records.map((r) => r.id));
  // One workspace is one server: evidence about several cannot make one policy.
  const servers = [...new Set(failing.map(serverOf))];
  if (servers.length > 1) {
    const why = `the failing exchanges went to ${servers.length} servers (${servers.map((o) => o || 'a relative URL').join(', ')}): fix one server at a time (record each server on its own, or fix one Problem)`;
    return emptyPlan('unfixable', 'No fix: the exchanges are from several servers', { unfixable: [{ exchangeIds: allIds, reason: why }] });
  }
  // Passing exchanges with other servers say nothing about this one.
  const ofServer = new Set(flowsOf(input.records).filter((f) => serverOf(f) === servers[0]).flatMap((f) => f.records.map((r) => r.id)));
  const records = input.records.filter((r) => ofServer.has(r.id));
  const plugin = choosePlugin(project, input);
  if (!plugin) {
    const why = input.framework
      ? `no quick fixes for framework "${input.framework}" yet`
      : `no server code found: none of ${project.files.length} file(s) creates an app of a known framework (${FRAMEWORKS.map((p) => p.displayName).join(', ')})`;
    return emptyPlan('unfixable', 'No fix: server code not found', { unfixable: [{ exchangeIds: allIds, reason: why }] });
  }
  const target = targetOf(failing);
  const placement = plugin.placement.locate(project, target);
  if (isNoPlacement(placement)) {
    return emptyPlan('unfixable', `No fix: ${placement.unfixable}`, { framework: plugin.framework, unfixable: [{ exchangeIds: allIds, reason: placement.unfixable }] });
  }
  const base = { framework: plugin.framework, location: locationOf(placement) };
  const derived = derivePolicy(records, placement.allowed, input.focus);
  const unfixable: Unfixable[] = [...derived.unfixable];
  if (!derived.policy) {
    for (const v of derived.violations) unfixable.push({ exchangeIds: allIds, reason: `the policy breaks a rule (${v.rule}): ${v.message}` });
    return emptyPlan('unfixable', 'No fix: no code change here can fix these failures', { ...base, unfixable });
  }
  const policy = derived.policy;
  // The CORS audit has the last word: a policy with a high finding is never offered.
  const blocked = blockingFindings(policy);
  if (blocked.length) {
    unfixable.push({ exchangeIds: allIds, reason: `the policy would be dangerous (${blocked[0].id}): ${blocked[0].title}` });
    return emptyPlan('unfixable', 'No fix: the policy would be dangerous', { ...base, policy, unfixable });
  }
  const generated = plugin.generator.generate(placement, policy, project);
  if (generated.unfixable) {
    unfixable.push({ exchangeIds: derived.fixed.flatMap((f) => f.records.map((r) => r.id)), reason: generated.unfixable });
    return emptyPlan('unfixable', `No fix: ${generated.unfixable}`, { ...base, policy, unfixable });
  }
  const edits = generated.changes.flatMap((c) => c.edits);
  if (edits.length === 0) {
    return emptyPlan('nothing-to-fix', 'Nothing to fix: the code already allows these requests', { ...base, policy, unfixable });
  }
  const problem = checkOutput(plugin, input, edits, target, policy);
  if (problem) {
    unfixable.push({ exchangeIds: allIds, reason: `no safe edit was found (${problem})` });
    return emptyPlan('unfixable', 'No fix: no safe edit was found', { ...base, policy, unfixable });
  }
  const moved = generated.moved ?? generated.changes.some((c) => /^(Register CORS|Answer preflights) before/.test(c.reason));
  return {
    status: 'fix',
    ...base,
    policy,
    title: fixTitle(policy, placement.allowed, moved),
    changes: generated.changes,
    dependencies: generated.dependencies,
    unfixable,
  };
}

/** Applies the edits, reads the result again: it must allow the policy safely, and a second plan must change nothing. */
function checkOutput(plugin: FrameworkPlugin, input: FixInput, edits: TextEdit[], target: RouteTarget | null, policy: CorsPolicy): string | null {
  const files = input.files;
  let after: SourceFile[];
  try {
    const changed = applyEditsToFiles(files, edits);
    after = [...files.filter((f) => !changed.some((c) => c.path === f.path)), ...changed];
  } catch (err) {
    return (err as Error).message;
  }
  const project = new Project(after, input.grammars);
  const again = plugin.placement.locate(project, target);
  if (isNoPlacement(again)) return again.unfixable;
  const danger = dangerous(again.allowed, policy);
  if (danger) return danger;
  const second = plugin.generator.generate(again, policy, project);
  if (second.changes.some((c) => c.edits.length)) return 'planning again would change the code again';
  return null;
}

/**
 * Where a Problem for these records should point: the line that configures CORS, else
 * where the app is created (or the hand-written header line). Null when no server code is found.
 */
export function corsLocation(input: FixInput): SourceLocation | null {
  const project = new Project(input.files, input.grammars);
  const plugin = choosePlugin(project, input);
  if (!plugin) return null;
  const placement = plugin.placement.locate(project, targetOf(failingFlows(input)));
  return isNoPlacement(placement) ? null : locationOf(placement);
}
