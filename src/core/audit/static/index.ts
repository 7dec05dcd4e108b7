// Static findings in server code, by language: JavaScript and TypeScript read with
// @babel/parser, Python with the tree-sitter grammar the caller hands in (the core
// loads nothing), nginx configuration with the quick fixes' nginx tokenizer.
import { isJsPath } from '../../codefix/js/parse';
import { isPythonPath } from '../../codefix/python/tree';
import type { Grammars, SourceFile } from '../../codefix/types';
import { analyzeJs, type StaticSite } from './js-cors-code';
import { analyzePython, mentionsCors } from './python-cors-code';
import { analyzeNginx, isNginxPath } from './nginx-cors-code';
import type { StaticFinding } from './types';
import { staticLanguageOf } from './languages';

export type { StaticFinding, Repair } from './types';
export { planAllowListFix, type AllowListFix } from './allow-list-fix';
export { analyzeJs, analyzeNginx, analyzePython, mentionsCors };
export { STATIC_LANGUAGES, staticLanguageOf, type StaticLanguage } from './languages';

export function wantsStaticFile(path: string): boolean {
  return (isJsPath(path) && !/(^|\/)(node_modules|dist|out|build|\.git)\//.test(path)) || isPythonPath(path) || (isNginxPath(path) && !/(^|\/)(node_modules|\.git)\//.test(path));
}

export type { StaticSite };

/** The findings of one file, and where it configures CORS (for placing traffic findings). */
export function analyzeSource(file: SourceFile, grammars: Grammars = {}): { findings: StaticFinding[]; sites: StaticSite[] } {
  return staticLanguageOf(file.path)?.analyze(file, grammars) ?? { findings: [], sites: [] };
}

export function staticFindings(file: SourceFile, grammars: Grammars = {}): StaticFinding[] {
  return analyzeSource(file, grammars).findings;
}
