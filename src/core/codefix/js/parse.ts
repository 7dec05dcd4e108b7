// JavaScript and TypeScript parsed with @babel/parser: TypeScript, JSX and decorators,
// with error recovery so a file the user is still typing in is still understood.
import { parse, type ParserPlugin } from '@babel/parser';
import type * as t from '@babel/types';

export const JS_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

export function isJsPath(path: string): boolean {
  if (/\.d\.[cm]?ts$/.test(path)) return false;
  return JS_EXTENSIONS.some((ext) => path.endsWith(ext));
}

export function isTypeScriptPath(path: string): boolean {
  return /\.[cm]?tsx?$/.test(path);
}

/** The syntax tree of a JS/TS file, or null when even error recovery gives up. */
export function parseJs(path: string, text: string): t.File | null {
  const ts = isTypeScriptPath(path);
  // JSX in a .ts file would misread `<T>x` casts and generics: only .tsx and JS files get it.
  const plugins: ParserPlugin[] = ts ? ['typescript', 'decorators-legacy'] : ['jsx', 'decorators-legacy'];
  if (path.endsWith('.tsx')) plugins.push('jsx');
  try {
    return parse(text, {
      sourceType: path.endsWith('.cjs') || path.endsWith('.cts') ? 'script' : path.endsWith('.mjs') || path.endsWith('.mts') ? 'module' : 'unambiguous',
      plugins,
      errorRecovery: true,
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
      allowImportExportEverywhere: true,
      allowUndeclaredExports: true,
    });
  } catch {
    return null;
  }
}
