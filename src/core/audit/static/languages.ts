// The languages the static audit reads, as one table: which files, the analyzer, and
// the tree-sitter grammar it needs (null: the core parses the language itself). The
// core's analyzeSource and the editor's file watching both read it, so adding a
// language is one row here.
import { isJsPath } from '../../codefix/js/parse';
import { isPythonPath } from '../../codefix/python/tree';
import { isNginxPath } from '../../codefix/placement/nginx';
import type { Grammars, SourceFile, SourceLanguage } from '../../codefix/types';
import { analyzeJs, type StaticSite } from './js-cors-code';
import { analyzeNginx } from './nginx-cors-code';
import { analyzePython } from './python-cors-code';
import type { StaticFinding } from './types';

export interface StaticLanguage {
  /** File name extensions, for a workspace glob. */
  extensions: readonly string[];
  /** Whether a file at this path is one of this language's (some are read by name, not extension). */
  reads(path: string): boolean;
  grammar: SourceLanguage | null;
  analyze(file: SourceFile, grammars: Grammars): { findings: StaticFinding[]; sites: StaticSite[] };
}

export const STATIC_LANGUAGES: readonly StaticLanguage[] = [
  { extensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx'], reads: isJsPath, grammar: null, analyze: analyzeJs },
  { extensions: ['py'], reads: isPythonPath, grammar: 'python', analyze: (file, grammars) => analyzePython(file, grammars.python) },
  // nginx configuration (an Apache .conf reads as no nginx CORS code, so it has no findings).
  { extensions: ['conf'], reads: isNginxPath, grammar: null, analyze: analyzeNginx },
];

export function staticLanguageOf(path: string): StaticLanguage | undefined {
  return STATIC_LANGUAGES.find((language) => language.reads(path));
}
