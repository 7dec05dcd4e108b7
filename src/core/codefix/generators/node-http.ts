// Plain Node `http`: one function that sets the CORS headers for the allowed origins and
// answers preflights, called first in the request handler. Hand-written CORS headers
// elsewhere are removed (they would override it, and one check replaces them all).
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import type { CorsPolicy, TextEdit } from '../types';
import { needsChange, shortfall } from '../allowance';
import { replaceEdit } from '../edits';
import { indentAt, statementLines } from '../js/ast';
import { printList } from '../js/cors-options';
import { removalEdits } from '../js/handwritten';
import { quoted, semi, type JsStyle } from '../js/style';
import { CORS_FUNCTION, CORS_ORIGINS, type NodeHttpPlacement } from '../placement/node-http';

function corsFunctionText(policy: CorsPolicy, style: JsStyle): string {
  const q = (s: string) => quoted(s, style);
  const s = semi(style);
  const i1 = style.indent;
  const set = (indent: string, name: string, value: string) => `${indent}res.setHeader(${q(name)}, ${value})${s}`;
  const types = style.typescript ? `req: import(${q('node:http')}).IncomingMessage, res: import(${q('node:http')}).ServerResponse` : 'req, res';
  const lines = [
    `// CORS for the allowed origins only; answers their preflights (returns true then).`,
    `function ${CORS_FUNCTION}(${types})${style.typescript ? ': boolean' : ''} {`,
    `${i1}const origin = req.headers.origin${s}`,
    set(i1, 'Vary', q('Origin')),
    `${i1}if (!origin || !${CORS_ORIGINS}.includes(origin)) return false${s}`,
    set(i1, 'Access-Control-Allow-Origin', 'origin'),
  ];
  if (policy.credentials) lines.push(set(i1, 'Access-Control-Allow-Credentials', q('true')));
  if (policy.exposeHeaders.length) lines.push(set(i1, 'Access-Control-Expose-Headers', q(policy.exposeHeaders.join(', '))));
  lines.push(`${i1}if (req.method !== ${q('OPTIONS')} || !req.headers[${q('access-control-request-method')}]) return false${s}`);
  if (policy.methods.length) lines.push(set(i1, 'Access-Control-Allow-Methods', q(policy.methods.join(', '))));
  if (policy.allowHeaders.length) lines.push(set(i1, 'Access-Control-Allow-Headers', q(policy.allowHeaders.join(', '))));
  if (policy.privateNetwork) lines.push(set(i1, 'Access-Control-Allow-Private-Network', q('true')));
  lines.push(set(i1, 'Access-Control-Max-Age', q(String(policy.maxAgeSeconds))));
  lines.push(`${i1}res.writeHead(204)${s}`, `${i1}res.end()${s}`, `${i1}return true${s}`, '}');
  return lines.join(style.eol);
}

function listText(policy: CorsPolicy, style: JsStyle): string {
  return `const ${CORS_ORIGINS} = ${printList(policy.origins, style)}${semi(style)}`;
}

export const nodeHttpGenerator: FrameworkGenerator<NodeHttpPlacement> = {
  framework: 'node-http',
  generate(p, policy): GeneratedFix {
    const { file, style } = p;
    const text = file.text;
    const edits: TextEdit[] = [];
    const eol = style.eol;
    if (p.corsFunction && p.originList) {
      if (p.sites.length === 0 && p.allowed && !needsChange(shortfall(p.allowed, policy))) return { changes: [], dependencies: [] };
      // Our own function: rewrite it and its list for the new policy.
      edits.push(replaceEdit(file, p.originList.start!, p.originList.end!, listText(policy, style)));
      edits.push(replaceEdit(file, p.corsFunction.start!, p.corsFunction.end!, corsFunctionText(policy, style).split(eol).slice(1).join(eol)));
    } else {
      const at = statementLines(text, p.serverStatement).start;
      edits.push(replaceEdit(file, at, at, `${listText(policy, style)}${eol}${eol}${corsFunctionText(policy, style)}${eol}${eol}`));
      const first = p.handler.body.body[0];
      const indent = first ? indentAt(text, first.start!) : indentAt(text, p.handler.start!) + style.indent;
      const call = `${indent}if (${CORS_FUNCTION}(${p.reqName}, ${p.resName})) return${semi(style)}${eol}`;
      const insertAt = first ? statementLines(text, first).start : p.handler.body.start! + 1;
      edits.push(replaceEdit(file, insertAt, insertAt, first ? call : `${eol}${call}`));
    }
    for (const e of removalEdits(p.sites)) edits.push(replaceEdit(file, e.start, e.end, e.text));
    const handWritten = p.sites.length ? `, replacing ${p.sites.length} hand-written CORS header${p.sites.length > 1 ? 's' : ''} (they would override it)` : '';
    return {
      changes: [{
        reason: `${p.corsFunction ? 'Update' : 'Add'} ${CORS_FUNCTION}(), called first in the request handler (${file.path}:${p.serverStatement.loc!.start.line}): allows ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}${handWritten}`,
        edits,
      }],
      dependencies: [],
    };
  },
};
