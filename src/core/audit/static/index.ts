// Static findings in server code, by language. JavaScript and TypeScript are read
// with @babel/parser, nginx configuration with the quick fixes' nginx tokenizer;
// Python waits for the tree-sitter grammar loader to be used here.
import { isJsPath } from '../../codefix/js/parse';
import type { SourceFile } from '../../codefix/types';
import { analyzeJs, type StaticSite } from './js-cors-code';
import { analyzeNginx, isNginxPath } from './nginx-cors-code';
import type { StaticFinding } from './types';

export type { StaticFinding, Repair } from './types';
export { planAllowListFix, type AllowListFix } from './allow-list-fix';

export function wantsStaticFile(path: string): boolean {
  return (isJsPath(path) || isNginxPath(path)) && !/(^|\/)(node_modules|dist|out|build|\.git)\//.test(path);
}

export type { StaticSite };

/** The findings of one file, and where it configures CORS (for placing traffic findings). */
export function analyzeSource(file: SourceFile): { findings: StaticFinding[]; sites: StaticSite[] } {
  if (isJsPath(file.path)) return analyzeJs(file);
  if (isNginxPath(file.path)) return analyzeNginx(file);
  return { findings: [], sites: [] };
}

export function staticFindings(file: SourceFile): StaticFinding[] {
  return analyzeSource(file).findings;
}
