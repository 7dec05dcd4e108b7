// The editor's side of the static audit: which workspace files to watch (from the
// core's language table, src/core/audit/static/languages.ts) and an analyzer that
// loads a language's grammar the first time it is needed. No vscode here, so the lazy
// grammar loading is tested without an editor.
import {
  STATIC_LANGUAGES, mentionsCors, planAllowListFix, staticLanguageOf, type AllowListFix, type StaticFinding, type StaticLanguage, type StaticSite,
} from '../core/audit/static';
import type { Grammars, SourceFile } from '../core/codefix/types';
import { GrammarLoader } from '../shell/grammars';

export { staticLanguageOf };

/** The workspace files worth reading, for findFiles and the file watcher. */
export const STATIC_GLOB = `**/*.{${STATIC_LANGUAGES.flatMap((l) => l.extensions).join(',')}}`;

/**
 * Analyzes file texts by their language. A grammar is loaded only for the first file of
 * its language that mentions CORS (most Python files never need it), then kept by the loader.
 */
export class StaticAnalyzer {
  constructor(private readonly grammars = new GrammarLoader(), private readonly warn: (message: string) => void = () => {}) {}

  /** The findings and CORS sites of one file's text (none for a language not analyzed). */
  async analyze(file: SourceFile): Promise<{ findings: StaticFinding[]; sites: StaticSite[] }> {
    const language = staticLanguageOf(file.path);
    if (!language || !mentionsCors(file.text)) return { findings: [], sites: [] };
    return (await this.withGrammar(language, (grammars) => language.analyze(file, grammars))) ?? { findings: [], sites: [] };
  }

  /** The allow-list fix of a finding in `file`'s current text. */
  async planFix(file: SourceFile, finding: StaticFinding, origins: string[]): Promise<AllowListFix> {
    const language = staticLanguageOf(file.path);
    if (!language) return { refused: 'this file\'s language is not analyzed' };
    return (await this.withGrammar(language, (grammars) => planAllowListFix(file, finding, origins, grammars))) ?? { refused: `the ${language.grammar} grammar could not be loaded` };
  }

  /**
   * Runs `fn` with the language's grammar (trees are freed when it returns), or null when
   * the grammar cannot be loaded: that language then has no findings, the rest still works.
   */
  private async withGrammar<T>(language: StaticLanguage, fn: (grammars: Grammars) => T): Promise<T | null> {
    if (!language.grammar) return fn({});
    try {
      return await this.grammars.use([language.grammar], fn);
    } catch (err) {
      this.warn(`static audit of ${language.grammar} files is off: ${(err as Error).message}`);
      return null;
    }
  }
}
