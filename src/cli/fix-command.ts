// `cors-inspector fix`: read recorded exchanges and the server's workspace, plan the
// quick fix (src/core/codefix), and print it as a unified diff or write it.
// Exit 0: a fix was produced (and applied with --apply). 3: nothing to fix.
// 1: failures no code change here can fix. 2: usage or input error (one line).
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits } from '../core/codefix/edits';
import { unifiedDiff } from '../core/codefix/diff';
import { filesToRead, planFix } from '../core/codefix/plan';
import { FRAMEWORKS, pluginFor } from '../core/codefix/registry';
import type { FileRequest, FixPlan, Grammars, SourceFile, TextEdit } from '../core/codefix/types';
import { GrammarLoader, GrammarLoadError } from '../shell/grammars';
import { parseArgs, UsageError } from './args';
import { InputError, loadRecords } from './analyze-command';

export const FIX_HELP = `Usage:
  cors-inspector fix --from <exchanges.jsonl|file.har> [--workspace <dir>] [--framework <name>] [--apply] [--json]

Writes the CORS fix into the server's own code, from exchanges the browser really made
(recorded with \`cors-inspector proxy --jsonl\` or exported from DevTools as HAR).

  --from <file>         the recorded exchanges (JSON Lines or HAR)
  --workspace <dir>     the server's project (default: the current directory)
  --framework <name>    skip detection: ${FRAMEWORKS.map((p) => p.framework).join(', ')}
  --apply               write the edits (and the package.json dependency); without it, print a diff
  --json                print the plan as JSON

Exit status: 0 a fix was produced (and applied with --apply), 3 nothing to fix (no failing
exchange, or the code already allows it), 1 failures no code change here can fix (each
with its reason), 2 usage or input error.

Example:
  cors-inspector fix --from session.jsonl --workspace ../api --apply
`;

/** Files larger than this are not source worth planning on (bundles, fixtures). */
const MAX_FILE_BYTES = 512 * 1024;
/** Stop listing after this many entries: a workspace is not a disk. */
const MAX_ENTRIES = 20_000;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.cache', '.turbo', '.svelte-kit', 'vendor', 'target', '__pycache__', '.venv', 'venv', '.tools']);

async function listWorkspace(root: string): Promise<string[]> {
  const out: string[] = [];
  const queue = [''];
  let seen = 0;
  while (queue.length && seen < MAX_ENTRIES) {
    const rel = queue.shift() as string;
    let entries;
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (++seen > MAX_ENTRIES) break;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) queue.push(child);
      } else if (e.isFile()) out.push(child);
    }
  }
  return out;
}

async function readWorkspace(root: string): Promise<{ files: SourceFile[]; languages: FileRequest['languages'] }> {
  const wanted = filesToRead(await listWorkspace(root));
  const files: SourceFile[] = [];
  for (const rel of wanted.files) {
    const full = path.join(root, rel);
    try {
      if ((await stat(full)).size > MAX_FILE_BYTES) continue;
      files.push({ path: rel, text: await readFile(full, 'utf8') });
    } catch {
      // Vanished or unreadable: planning goes on without it.
    }
  }
  return { files, languages: wanted.languages };
}

interface ChangeDiff {
  reason: string;
  diff: string;
}

/** Each change's diff against the text left by the changes before it, so the diffs apply in order. */
function diffsOf(plan: FixPlan, files: SourceFile[]): { diffs: ChangeDiff[]; results: Map<string, string> } {
  const current = new Map(files.map((f) => [f.path, f.text]));
  const existed = new Set(files.map((f) => f.path));
  const diffs: ChangeDiff[] = [];
  for (const change of plan.changes) {
    const byFile = new Map<string, TextEdit[]>();
    for (const e of change.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    let diff = '';
    for (const [file, edits] of byFile) {
      const before = current.get(file);
      const after = applyEdits(before ?? '', edits);
      diff += unifiedDiff(file, before === undefined && !existed.has(file) ? null : before ?? '', after);
      current.set(file, after);
    }
    diffs.push({ reason: change.reason, diff });
  }
  const results = new Map<string, string>();
  for (const [file, text] of current) if (text !== files.find((f) => f.path === file)?.text) results.set(file, text);
  return { diffs, results };
}

async function loadFrom(file: string): Promise<ReturnType<typeof loadRecords>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new InputError(`cannot read ${file}: ${why}`);
  }
  return loadRecords(file, text);
}

/** Loads the grammars the workspace's languages need; a grammar that cannot load is an input error, not a crash. */
async function loadGrammars<T>(loader: GrammarLoader, languages: FileRequest['languages'], plan: (grammars: Grammars) => T): Promise<T> {
  try {
    return await loader.use(languages, plan);
  } catch (err) {
    if (err instanceof GrammarLoadError) throw new InputError(err.message);
    throw err;
  }
}

/** `grammars` loads the tree-sitter grammars (one loader per process; tests may hand in their own). */
export async function runFix(argv: string[], out: NodeJS.WritableStream = process.stdout, grammars: GrammarLoader = new GrammarLoader()): Promise<number> {
  const args = parseArgs(argv, { from: 'string', workspace: 'string', framework: 'string', apply: 'boolean', json: 'boolean' });
  if (args.positionals.length) throw new UsageError(`fix takes no positional arguments (got "${args.positionals[0]}"); use --from <file>`);
  const from = args.flags.get('from') as string | undefined;
  if (!from) throw new UsageError('fix needs --from <exchanges.jsonl|file.har> (see cors-inspector fix --help)');
  const frameworkName = args.flags.get('framework') as string | undefined;
  const plugin = frameworkName === undefined ? undefined : pluginFor(frameworkName);
  if (frameworkName !== undefined && !plugin) {
    throw new UsageError(`unknown --framework "${frameworkName}": one of ${FRAMEWORKS.map((p) => p.framework).join(', ')}`);
  }
  const workspace = path.resolve((args.flags.get('workspace') as string | undefined) ?? '.');
  const info = await stat(workspace).catch(() => null);
  if (!info?.isDirectory()) throw new InputError(`--workspace ${workspace}: not a directory`);
  const apply = args.flags.get('apply') === true;
  const json = args.flags.get('json') === true;

  const records = await loadFrom(from);
  const { files, languages } = await readWorkspace(workspace);
  const plan = await loadGrammars(grammars, languages, (loaded) => planFix({ files, records, framework: plugin?.framework, grammars: loaded }));
  const { diffs, results } = plan.status === 'fix' ? diffsOf(plan, files) : { diffs: [], results: new Map<string, string>() };

  const written: string[] = [];
  if (apply && plan.status === 'fix') {
    for (const [file, text] of results) {
      const full = path.join(workspace, file);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, text, 'utf8');
      written.push(file);
    }
  }

  if (json) {
    out.write(JSON.stringify({
      status: plan.status, framework: plan.framework, title: plan.title, policy: plan.policy, location: plan.location,
      changes: plan.changes.map((c, i) => ({ reason: c.reason, edits: c.edits, diff: diffs[i]?.diff ?? '' })),
      dependencies: plan.dependencies, unfixable: plan.unfixable, applied: written,
    }, null, 2) + '\n');
  } else {
    printPlan(plan, diffs, written, apply, out);
  }
  return plan.status === 'fix' ? 0 : plan.status === 'nothing-to-fix' ? 3 : 1;
}

function printPlan(plan: FixPlan, diffs: ChangeDiff[], written: string[], apply: boolean, out: NodeJS.WritableStream): void {
  if (plan.status === 'fix') {
    out.write(`${plan.title} (${plan.framework})\n`);
    if (apply) {
      for (const d of diffs) out.write(`# ${d.reason}\n`);
      for (const file of written) out.write(`wrote ${file}\n`);
    } else {
      for (const d of diffs) out.write(`# ${d.reason}\n${d.diff}`);
    }
    for (const dep of plan.dependencies) {
      // npm names a version after @; pip writes a specifier (`>=3.13`) right after the name; a Gemfile line may name none.
      const spec = dep.manager === 'pip' || !dep.version ? `${dep.name}${dep.version}` : `${dep.name}@${dep.version}`;
      const where = dep.manifest ? `${apply ? 'added' : 'adds'} ${spec} to ${dep.manifest}` : `needs ${spec}`;
      out.write(`${where}: run \`${dep.installCommand}\`${apply ? '' : ' after applying'}\n`);
    }
    if (!apply) out.write('Run again with --apply to write these changes.\n');
  } else {
    out.write(`${plan.title}\n`);
  }
  for (const u of plan.unfixable) out.write(`cannot fix exchange${u.exchangeIds.length > 1 ? 's' : ''} ${u.exchangeIds.join(', ')}: ${u.reason}\n`);
}
