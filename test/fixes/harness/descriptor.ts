// A sample's descriptor: how to build, start, probe and restart its real server, and
// what `fix` may add to its manifest. One `framework.json` per framework directory
// holds the defaults; a kind directory may hold a `case.json` that overrides fields or
// the expectations of single calls. The harness knows no framework by name: adding a
// language means adding a directory with a descriptor (see test/fixes/README.md).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { kindById, type Call, type Expectation, type Kind } from './kinds';

export interface SampleDescriptor {
  /** Shown in the report, e.g. "Express 5 (CommonJS)". */
  name: string;
  /** Directory (relative to the framework directory) copied first, the kind's directory on top. Default "_shared" when it exists. */
  shared?: string;
  /** Commands run to completion (in the workspace) before every start, e.g. a TypeScript build. */
  build?: string[][];
  /** The server's command line, run in the workspace in its own process group. */
  start: string[];
  /** Extra environment; values may use the placeholders. */
  env?: Record<string, string>;
  /** Readiness: the server answers (any status) an HTTP GET of this path. */
  ready?: { path?: string; timeoutMs?: number };
  /** Restart by running this to completion instead of stop, build, start (e.g. a reload signal). */
  restart?: string[];
  /** Signal that stops the server (then SIGKILL after a grace period). Default SIGTERM. */
  stopSignal?: 'SIGTERM' | 'SIGINT' | 'SIGQUIT';
  /** Workspace node_modules entries that point elsewhere in the repository's node_modules: { express: "express4" }. */
  nodeModules?: Record<string, string>;
  /** Manifests `fix` may edit to add a dependency, and the packages it may add there. */
  dependencies?: { manifests?: string[]; allowed: string[] };
  /** Paths the server or build writes (compared by neither snapshot). */
  ignore?: string[];
  /** Budget for one case, all steps included. */
  timeoutMs?: number;
  /** Per call id: a different expectation before the fix (the framework answers differently). */
  expect?: Record<string, Expectation>;
  /** Why this sample's expectations differ, when `expect` is used. */
  note?: string;
}

export interface SampleCase {
  /** "<framework>/<kind>", the directory under samples/. */
  id: string;
  framework: string;
  kind: Kind;
  /** The calls of the kind, with this sample's expectations applied. */
  calls: Call[];
  descriptor: SampleDescriptor;
  /** Directories copied into the workspace, in order. */
  sources: string[];
}

export const SAMPLES_DIR = path.resolve(__dirname, '../samples');

/** Placeholders in commands and env: {port}, {node}, {root}, {ws}. */
export function expand(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? vars[name] : whole));
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${path.relative(SAMPLES_DIR, file)}: ${(err as Error).message}`);
  }
}

function check(desc: Record<string, unknown>, where: string): SampleDescriptor {
  const isArgv = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
  if (typeof desc.name !== 'string') throw new Error(`${where}: "name" must be a string`);
  if (!isArgv(desc.start)) throw new Error(`${where}: "start" must be a non-empty list of strings`);
  if (desc.build !== undefined && !(Array.isArray(desc.build) && desc.build.every(isArgv))) {
    throw new Error(`${where}: "build" must be a list of command lines`);
  }
  if (desc.restart !== undefined && !isArgv(desc.restart)) throw new Error(`${where}: "restart" must be a command line`);
  return desc as unknown as SampleDescriptor;
}

/** Every sample directory samples/<framework>/<kind>/ whose kind is known, in a stable order. */
export function discoverSamples(root = SAMPLES_DIR): SampleCase[] {
  const cases: SampleCase[] = [];
  for (const framework of readdirSync(root).sort()) {
    const fwDir = path.join(root, framework);
    const fwFile = path.join(fwDir, 'framework.json');
    if (!statSync(fwDir).isDirectory() || !existsSync(fwFile)) continue;
    const base = readJson(fwFile);
    for (const kindId of readdirSync(fwDir).sort()) {
      const dir = path.join(fwDir, kindId);
      if (kindId.startsWith('_') || !statSync(dir).isDirectory()) continue;
      const kind = kindById(kindId);
      if (!kind) throw new Error(`samples/${framework}/${kindId}: not one of the broken kinds in harness/kinds.ts`);
      const caseFile = path.join(dir, 'case.json');
      const merged = { ...base, ...(existsSync(caseFile) ? readJson(caseFile) : {}) };
      const descriptor = check(merged, `samples/${framework}/${kindId}`);
      const shared = path.join(fwDir, descriptor.shared ?? '_shared');
      const expect = descriptor.expect ?? {};
      for (const id of Object.keys(expect)) {
        if (!kind.calls.some((c) => c.id === id)) throw new Error(`samples/${framework}/${kindId}: "expect" names no call "${id}"`);
      }
      cases.push({
        id: `${framework}/${kindId}`,
        framework,
        kind,
        calls: kind.calls.map((c) => (expect[c.id] ? { ...c, before: expect[c.id] } : c)),
        descriptor,
        sources: [...(existsSync(shared) ? [shared] : []), dir],
      });
    }
  }
  return cases;
}
