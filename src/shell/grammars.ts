// Loads the tree-sitter grammars the quick-fix planner asks for (`filesToRead(...).languages`)
// and hands them over as the core's `Grammars`. Shared by the CLI's `fix` and the VS Code
// extension. The runtime and the grammars both come from @vscode/tree-sitter-wasm, so their
// ABI always matches; the .wasm files ship next to the bundles in dist/grammars (esbuild.js
// copies the ones listed in grammar-files.json). Nothing is loaded until a language is asked
// for, and each grammar is loaded once per loader: the state belongs to the instance.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language as TsLanguage, Parser as TsParser, Tree } from '@vscode/tree-sitter-wasm';
import type { Grammars, LoadedGrammar, SourceLanguage } from '../core/codefix/types';
import grammarFiles from './grammar-files.json';

/** The languages a tree-sitter grammar is shipped for. */
export type TreeSitterLanguage = keyof typeof grammarFiles.languages;

/** The .wasm file of each language's grammar, and of the runtime (also read by esbuild.js). */
export const GRAMMAR_FILES: Readonly<Record<TreeSitterLanguage, string>> = grammarFiles.languages;
export const RUNTIME_FILE: string = grammarFiles.runtime;

export function isTreeSitterLanguage(language: string): language is TreeSitterLanguage {
  return Object.prototype.hasOwnProperty.call(GRAMMAR_FILES, language);
}

/**
 * Where the .wasm files are: dist/grammars next to the bundle that runs (the CLI, the
 * extension), else the package itself (tests and scripts run from the sources).
 */
export function defaultGrammarDir(): string {
  const shipped = path.join(__dirname, 'grammars');
  if (fs.existsSync(path.join(shipped, RUNTIME_FILE))) return shipped;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
    if (fs.existsSync(path.join(candidate, RUNTIME_FILE))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  return shipped; // load() will say which file is missing
}

/** A grammar could not be loaded (missing file, broken wasm). */
export class GrammarLoadError extends Error {
  constructor(readonly language: SourceLanguage, message: string) {
    super(message);
    this.name = 'GrammarLoadError';
  }
}

type TreeSitterModule = typeof import('@vscode/tree-sitter-wasm');

export class GrammarLoader {
  private readonly parsers = new Map<TreeSitterLanguage, Promise<TsParser>>();

  /** `dir` holds the runtime and the grammars' .wasm files (default: see defaultGrammarDir). */
  constructor(readonly dir: string = defaultGrammarDir()) {}

  /** Languages whose grammar was asked for so far (loaded or loading). */
  get loadedLanguages(): TreeSitterLanguage[] {
    return [...this.parsers.keys()];
  }

  /**
   * The grammars for `languages` (those without a tree-sitter grammar, such as
   * 'javascript' or 'nginx', are skipped: the core parses them itself). Trees made by
   * these grammars stay alive until deleted: prefer `use`, which frees them.
   */
  async load(languages: readonly SourceLanguage[]): Promise<Grammars> {
    return this.grammars(languages, null);
  }

  /**
   * Runs `plan` with the grammars for `languages`, then frees every tree parsed meanwhile
   * (they live in the WebAssembly heap, which the garbage collector does not see).
   * `plan` must not keep trees or nodes beyond its return.
   */
  async use<T>(languages: readonly SourceLanguage[], plan: (grammars: Grammars) => T): Promise<T> {
    const trees: Tree[] = [];
    const grammars = await this.grammars(languages, trees);
    try {
      return plan(grammars);
    } finally {
      for (const tree of trees) tree.delete();
    }
  }

  private async grammars(languages: readonly SourceLanguage[], keep: Tree[] | null): Promise<Grammars> {
    const wanted = [...new Set(languages)].filter(isTreeSitterLanguage);
    const loaded = await Promise.all(wanted.map(async (language) => [language, await this.parser(language)] as const));
    const grammars: Grammars = {};
    for (const [language, parser] of loaded) {
      const grammar: LoadedGrammar = {
        parse(text: string): Tree {
          const tree = parser.parse(text);
          if (!tree) throw new Error(`tree-sitter could not parse this ${language} text`);
          keep?.push(tree);
          return tree;
        },
      };
      grammars[language] = grammar;
    }
    return grammars;
  }

  private parser(language: TreeSitterLanguage): Promise<TsParser> {
    let parser = this.parsers.get(language);
    if (!parser) {
      parser = this.createParser(language);
      // A failed load may be retried (the file may appear, e.g. after a build).
      parser.catch(() => this.parsers.delete(language));
      this.parsers.set(language, parser);
    }
    return parser;
  }

  private async createParser(language: TreeSitterLanguage): Promise<TsParser> {
    const ts = await this.loadRuntime(language);
    const file = path.join(this.dir, GRAMMAR_FILES[language]);
    let grammar: TsLanguage;
    try {
      grammar = await ts.Language.load(await fs.promises.readFile(file));
    } catch (err) {
      throw new GrammarLoadError(language, `cannot load the ${language} grammar from ${file}: ${(err as Error).message}`);
    }
    const parser = new ts.Parser();
    parser.setLanguage(grammar);
    return parser;
  }

  private loadRuntime(language: SourceLanguage): Promise<TreeSitterModule> {
    return startRuntime(path.join(this.dir, RUNTIME_FILE)).catch((err: Error) => {
      throw new GrammarLoadError(language, `cannot start tree-sitter: ${err.message}`);
    });
  }
}

/**
 * web-tree-sitter keeps its WebAssembly instance in its own module: `Parser.init` a second
 * time would replace it under every parser made before. So the runtime is started once per
 * process (the one piece of state that cannot belong to a loader); grammars and parsers
 * belong to each loader.
 */
let runtimeStarted: Promise<TreeSitterModule> | null = null;

function startRuntime(wasm: string): Promise<TreeSitterModule> {
  runtimeStarted ??= (async () => {
    // A require inside the function: the bundle evaluates the runtime only when a grammar is needed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('@vscode/tree-sitter-wasm') as TreeSitterModule;
    if (!fs.existsSync(wasm)) throw new Error(`the tree-sitter runtime ${wasm} is missing`);
    await ts.Parser.init({ locateFile: () => wasm });
    return ts;
  })();
  runtimeStarted.catch(() => (runtimeStarted = null));
  return runtimeStarted;
}
