// Next.js: a middleware.ts (proxy.ts from Next.js 16) that answers preflights of the
// allowed origins and adds the CORS headers to their responses, for the API's paths.
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import type { CorsPolicy, TextEdit } from '../types';
import { needsChange, shortfall } from '../allowance';
import { printList } from '../js/cors-options';
import { quoted, semi } from '../js/style';
import { rangeOf } from '../edits';
import { NEXT_CORS_ORIGINS, type NextPlacement } from '../placement/nextjs';

function hookText(p: NextPlacement, policy: CorsPolicy): string {
  const style = p.style;
  const q = (s: string) => quoted(s, style);
  const s = semi(style);
  const i1 = style.indent;
  const i2 = i1 + i1;
  const ts = p.typescript;
  const allowedHeaders = (target: string, indent: string, preflight: boolean) => {
    const lines = [`${indent}${target}.headers.set(${q('Access-Control-Allow-Origin')}, origin)${s}`];
    if (policy.credentials) lines.push(`${indent}${target}.headers.set(${q('Access-Control-Allow-Credentials')}, ${q('true')})${s}`);
    if (preflight) {
      if (policy.methods.length) lines.push(`${indent}${target}.headers.set(${q('Access-Control-Allow-Methods')}, ${q(policy.methods.join(', '))})${s}`);
      if (policy.allowHeaders.length) lines.push(`${indent}${target}.headers.set(${q('Access-Control-Allow-Headers')}, ${q(policy.allowHeaders.join(', '))})${s}`);
      lines.push(`${indent}${target}.headers.set(${q('Access-Control-Max-Age')}, ${q(String(policy.maxAgeSeconds))})${s}`);
    } else if (policy.exposeHeaders.length) {
      lines.push(`${indent}${target}.headers.set(${q('Access-Control-Expose-Headers')}, ${q(policy.exposeHeaders.join(', '))})${s}`);
    }
    return lines;
  };
  const lines = [
    ts ? `import { NextResponse, type NextRequest } from ${q('next/server')}${s}` : `import { NextResponse } from ${q('next/server')}${s}`,
    '',
    `const ${NEXT_CORS_ORIGINS} = ${printList(policy.origins, style)}${s}`,
    '',
    `// CORS for the allowed origins only: preflights are answered here, before any route handler.`,
    `export function ${p.hookName}(request${ts ? ': NextRequest' : ''}) {`,
    `${i1}const origin = request.headers.get(${q('origin')})${s}`,
    `${i1}const allowed = origin !== null && ${NEXT_CORS_ORIGINS}.includes(origin)${s}`,
    `${i1}if (request.method === ${q('OPTIONS')} && request.headers.has(${q('access-control-request-method')})) {`,
    `${i2}const preflight = new NextResponse(null, { status: 204 })${s}`,
    `${i2}preflight.headers.set(${q('Vary')}, ${q('Origin')})${s}`,
    `${i2}if (allowed) {`,
    ...allowedHeaders('preflight', i2 + i1, true),
    `${i2}}`,
    `${i2}return preflight${s}`,
    `${i1}}`,
    `${i1}const response = NextResponse.next()${s}`,
    `${i1}response.headers.set(${q('Vary')}, ${q('Origin')})${s}`,
    `${i1}if (allowed) {`,
    ...allowedHeaders('response', i2, false),
    `${i1}}`,
    `${i1}return response${s}`,
    '}',
    '',
    `export const config = { matcher: ${q(p.matcher)} }${s}`,
    '',
  ];
  return lines.join(style.eol);
}

export const nextGenerator: FrameworkGenerator<NextPlacement> = {
  framework: 'nextjs',
  generate(p, policy): GeneratedFix {
    if (p.existing && !p.ours) {
      return { changes: [], dependencies: [], unfixable: `${p.existing.path} already exists and is not one this tool wrote: add CORS for ${policy.origins.join(', ')} at its start` };
    }
    if (p.ours && p.allowed && !needsChange(shortfall(p.allowed, policy))) return { changes: [], dependencies: [] };
    const text = hookText(p, policy);
    const edit: TextEdit = p.existing
      ? { file: p.existing.path, range: rangeOf(p.existing.text, 0, p.existing.text.length), newText: text }
      : { file: p.hookPath, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text };
    return {
      changes: [{
        reason: `${p.existing ? 'Update' : 'Create'} ${p.hookPath}: answers preflights and adds CORS headers for ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''} on ${p.matcher}, before the route handlers`,
        edits: [edit],
      }],
      dependencies: [],
    };
  },
};
