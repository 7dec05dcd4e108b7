// The file's own style, so inserted code reads as if its author wrote it: quotes,
// semicolons, indentation, line endings, ES modules or CommonJS, TypeScript.
import type * as t from '@babel/types';
import { isTypeScriptPath } from './parse';
import { walk } from './ast';

export interface JsStyle {
  quote: "'" | '"';
  semi: boolean;
  /** One level of indentation ('  ', '    ' or '\t'). */
  indent: string;
  eol: '\n' | '\r\n';
  esm: boolean;
  typescript: boolean;
  /** Multi-line object literals end their last property with a comma. */
  trailingComma: boolean;
}

export function detectStyle(path: string, text: string, ast: t.File): JsStyle {
  let single = 0;
  let double = 0;
  let withSemi = 0;
  let withoutSemi = 0;
  let trailing = 0;
  let notTrailing = 0;
  walk(ast.program, (node) => {
    if (node.type === 'StringLiteral' && node.start != null) {
      const c = text[node.start];
      if (c === "'") single++;
      else if (c === '"') double++;
    }
    if ((node.type === 'ExpressionStatement' || node.type === 'VariableDeclaration' || node.type === 'ReturnStatement' || node.type === 'ImportDeclaration') && node.end != null) {
      if (text[node.end - 1] === ';') withSemi++;
      else withoutSemi++;
    }
    if ((node.type === 'ObjectExpression' || node.type === 'ArrayExpression') && node.loc && node.loc.start.line !== node.loc.end.line && node.end != null) {
      const items: t.Node[] = node.type === 'ObjectExpression' ? node.properties : (node.elements.filter(Boolean) as t.Node[]);
      const last = items[items.length - 1];
      if (last?.end != null) {
        const between = text.slice(last.end, node.end - 1);
        if (/^\s*,/.test(between)) trailing++;
        else notTrailing++;
      }
    }
  });
  const esm = path.endsWith('.mjs') || path.endsWith('.mts') || (!path.endsWith('.cjs') && !path.endsWith('.cts') && ast.program.sourceType === 'module');
  return {
    quote: double > single ? '"' : "'",
    semi: withSemi >= withoutSemi,
    indent: detectIndent(text),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    esm: esm || (isTypeScriptPath(path) && !/\brequire\s*\(/.test(text)),
    typescript: isTypeScriptPath(path),
    trailingComma: trailing > notTrailing,
  };
}

/** The most common step between the indentation of consecutive lines. */
function detectIndent(text: string): string {
  const counts = new Map<string, number>();
  let previous = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('\t')) {
      counts.set('\t', (counts.get('\t') ?? 0) + 1);
      continue;
    }
    const width = line.length - line.trimStart().length;
    const step = width - previous;
    if (step === 2 || step === 4) counts.set(' '.repeat(step), (counts.get(' '.repeat(step)) ?? 0) + 1);
    previous = width;
  }
  let best = '  ';
  let most = 0;
  for (const [k, v] of counts) if (v > most) [best, most] = [k, v];
  return best;
}

export function quoted(value: string, style: JsStyle): string {
  const q = style.quote;
  return q + value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`) + q;
}

/** The statement terminator of this file. */
export function semi(style: JsStyle): string {
  return style.semi ? ';' : '';
}
