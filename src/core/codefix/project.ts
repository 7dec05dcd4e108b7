// The workspace as the planner sees it: the files the caller read, their manifests,
// and the grammars the caller loaded. Parsed trees are kept per instance, so one
// plan parses each file once however many frameworks look at it.
import type * as t from '@babel/types';
import { isJsPath, parseJs } from './js/parse';
import { detectStyle, trailingCommaVotes, type JsStyle } from './js/style';
import type { Grammars, SourceFile, SourceLanguage } from './types';

export interface PackageJson {
  name?: string;
  type?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export class Project {
  private readonly byPath = new Map<string, SourceFile>();
  private readonly trees = new Map<string, t.File | null>();
  private projectTrailingComma: boolean | null = null;
  private readonly grammarTrees = new Map<string, unknown>();

  constructor(readonly files: SourceFile[], readonly grammars: Grammars = {}) {
    for (const f of files) this.byPath.set(f.path, f);
  }

  file(path: string): SourceFile | undefined {
    return this.byPath.get(path);
  }

  /** JS/TS source files, manifests and generated code aside. */
  jsFiles(): SourceFile[] {
    return this.files.filter((f) => isJsPath(f.path) && !/(^|\/)(node_modules|dist|build|out|\.next|coverage)\//.test(f.path));
  }

  /** The Babel tree of a JS/TS file (null if it cannot be parsed). */
  jsTree(path: string): t.File | null {
    if (!this.trees.has(path)) {
      const f = this.byPath.get(path);
      this.trees.set(path, f ? parseJs(path, f.text) : null);
    }
    return this.trees.get(path) ?? null;
  }

  /** A file's style; what the file does not show (trailing commas) follows the project's other files. */
  jsStyle(file: SourceFile, ast: t.File): JsStyle {
    return detectStyle(file.path, file.text, ast, () => this.trailingComma());
  }

  private trailingComma(): boolean {
    if (this.projectTrailingComma === null) {
      let trailing = 0;
      let notTrailing = 0;
      for (const f of this.jsFiles()) {
        const ast = this.jsTree(f.path);
        if (!ast) continue;
        const v = trailingCommaVotes(f.text, ast);
        trailing += v.trailing;
        notTrailing += v.notTrailing;
      }
      this.projectTrailingComma = trailing > notTrailing;
    }
    return this.projectTrailingComma;
  }

  /**
   * The tree a loaded grammar gives for a file (the grammar library's own type, e.g.
   * web-tree-sitter's Tree), cached; null without that grammar or for an unknown file.
   */
  parsed(language: SourceLanguage, path: string): unknown {
    const key = `${language}:${path}`;
    if (!this.grammarTrees.has(key)) {
      const f = this.byPath.get(path);
      const grammar = this.grammars[language];
      this.grammarTrees.set(key, f && grammar ? grammar.parse(f.text) : null);
    }
    return this.grammarTrees.get(key) ?? null;
  }

  /** The workspace's package.json (the shallowest one), parsed. */
  packageJson(): { path: string; json: PackageJson } | null {
    const candidates = this.files.filter((f) => f.path === 'package.json' || f.path.endsWith('/package.json'))
      .filter((f) => !f.path.includes('node_modules/'))
      .sort((a, b) => a.path.split('/').length - b.path.split('/').length);
    for (const f of candidates) {
      try {
        const json = JSON.parse(f.text) as PackageJson;
        if (json && typeof json === 'object') return { path: f.path, json };
      } catch {
        // An unparsable manifest says nothing.
      }
    }
    return null;
  }

  /** Whether package.json lists `name` in dependencies or devDependencies. */
  hasDependency(name: string): boolean {
    const pkg = this.packageJson()?.json;
    return Boolean(pkg?.dependencies?.[name] ?? pkg?.devDependencies?.[name]);
  }

  dependencyVersion(name: string): string | null {
    const pkg = this.packageJson()?.json;
    return pkg?.dependencies?.[name] ?? pkg?.devDependencies?.[name] ?? null;
  }
}
