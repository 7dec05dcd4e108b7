// ASP.NET Core: the CORS policy's builder chain amended in place (WithOrigins grows,
// AllowAnyOrigin becomes WithOrigins when credentials are needed, WithMethods /
// WithHeaders grow or are added, AllowCredentials added), UseCors moved after UseRouting
// and before the auth middleware; without CORS, AddCors with a default policy above
// `builder.Build()` and UseCors in the pipeline.
import { needsChange, shortfall } from '../allowance';
import { appendArgs, appendCalls, link } from '../chain';
import { replaceEdit } from '../edits';
import { inListCase } from '../header-case';
import type { OffsetEdit } from '../js/object-edit';
import { capitalize } from '../js/reason-text';
import { moveAbove } from '../move';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { methodsToList } from '../preflight-methods';
import { missingFrom } from '../python/options';
import { indentAt, lineSpan } from '../text-lines';
import type { Node } from '../tree-sitter';
import { CSHARP_CALLS, csLiteral, csString } from '../csharp/tree';
import { chainAllowed, type AspNetPlacement } from '../placement/aspnet';
import type { CorsPolicy } from '../types';
import { normalizeMethod } from '../../cors/safelist';

const args = (values: string[]) => values.map(csLiteral).join(', ');

/** The builder calls of a new policy. */
function policyCalls(policy: CorsPolicy): string[] {
  const calls = [`WithOrigins(${args(policy.origins)})`, `WithMethods(${args(methodsToList(policy))})`];
  if (policy.allowHeaders.length) calls.push(`WithHeaders(${args(policy.allowHeaders)})`);
  if (policy.exposeHeaders.length) calls.push(`WithExposedHeaders(${args(policy.exposeHeaders)})`);
  if (policy.credentials) calls.push('AllowCredentials()');
  calls.push(`SetPreflightMaxAge(TimeSpan.FromSeconds(${policy.maxAgeSeconds}))`);
  return calls;
}

/** Where UseCors belongs: right after UseRouting, else before the auth middleware, else before the endpoints. */
function corsSpot(p: AspNetPlacement): Node | null {
  return p.useRouting?.nextNamedSibling ?? p.firstAuth ?? p.firstEndpoint;
}

export const aspnetGenerator: FrameworkGenerator<AspNetPlacement> = {
  framework: 'aspnet',
  generate(p, policy): GeneratedFix {
    const { file, style } = p;
    const text = file.text;
    const eol = style.eol;
    const where = (n: Node) => `${file.path}:${n.startPosition.row + 1}`;
    const edits: OffsetEdit[] = [];
    const what: string[] = [];
    const useCorsLine = (at: Node) => {
      const start = lineSpan(text, at.startIndex, at.startIndex).start;
      return { start, end: start, text: `${indentAt(text, at.startIndex)}app.UseCors(${p.policyName ? csLiteral(p.policyName) : ''});${eol}` };
    };
    if (p.chain) {
      const chain = p.chain;
      const allowed = chainAllowed(chain);
      const short = shortfall(allowed, policy);
      const calls: string[] = [];
      if (needsChange(short)) {
        if (allowed.origins === 'computed') return { changes: [], dependencies: [], unfixable: `the policy's origins are computed (SetIsOriginAllowed, or not literals) at ${where(chain.outer)}, so they cannot be amended safely` };
        if (short.origins) {
          const any = link(chain, 'AllowAnyOrigin');
          const listed = link(chain, 'WithOrigins');
          if (any) edits.push({ start: any.nameNode.startIndex, end: any.call.endIndex, text: `WithOrigins(${args(policy.origins)})` });
          else if (listed) edits.push(appendArgs(listed, missingFrom(allowed.origins as string[], policy.origins).map(csLiteral), CSHARP_CALLS));
          else calls.push(`WithOrigins(${args(policy.origins)})`);
          what.push(any ? `allow only ${policy.origins.join(', ')} instead of any origin` : `allow origin ${missingFrom(Array.isArray(allowed.origins) ? allowed.origins : [], policy.origins).join(', ')}`);
        }
        if (short.methods) {
          const current = Array.isArray(allowed.methods) ? allowed.methods : [];
          const listed = link(chain, 'WithMethods');
          const missing = missingFrom(current, policy.methods, normalizeMethod);
          if (listed) edits.push(appendArgs(listed, missing.map(csLiteral), CSHARP_CALLS));
          else calls.push(`WithMethods(${args(methodsToList(policy))})`);
          what.push(`allow method ${missing.join(', ')}`);
        }
        if (short.allowHeaders) {
          const current = Array.isArray(allowed.allowHeaders) ? allowed.allowHeaders : [];
          const listed = link(chain, 'WithHeaders');
          const have = listed ? listed.args.map(csString).filter((s): s is string => s !== null) : [];
          const missing = missingFrom(current, policy.allowHeaders, (s) => s.toLowerCase());
          if (listed) edits.push(appendArgs(listed, missing.map((h) => csLiteral(inListCase(h, have))), CSHARP_CALLS));
          else calls.push(`WithHeaders(${args(policy.allowHeaders)})`);
          what.push(`allow request header ${missing.join(', ')}`);
        }
        if (short.credentials) {
          calls.push('AllowCredentials()');
          what.push('allow credentials');
        }
        if (calls.length) edits.push(appendCalls(text, chain, calls, eol));
      }
      const reasons: string[] = what.length ? [`${capitalize(what.join(', '))} in the CORS policy (${where(chain.outer)})`] : [];
      let moved = false;
      if (!p.useCors) {
        const spot = corsSpot(p);
        if (!spot) return { changes: [], dependencies: [], unfixable: `${file.path} has no UseRouting, auth middleware or endpoint to put UseCors before` };
        edits.push(useCorsLine(spot));
        reasons.push(`Add app.UseCors(${p.policyName ? csLiteral(p.policyName) : ''}) at ${where(spot)}`);
      } else if (p.misplaced) {
        const target = corsSpot(p)!;
        edits.push(...moveAbove(text, p.useCors, target, [], eol, false));
        reasons.push(`Move app.UseCors (${where(p.useCors)}) after UseRouting and before UseAuthentication/UseAuthorization, which refuse preflights (they carry no credentials)`);
        moved = true;
      }
      if (!edits.length) return { changes: [], dependencies: [] };
      return { changes: [{ reason: reasons.join('; '), edits: edits.map((e) => replaceEdit(file, e.start, e.end, e.text)) }], dependencies: [], moved };
    }
    if (p.addCors) return { changes: [], dependencies: [], unfixable: `AddCors at ${where(p.addCors)} registers no policy this fix can read (a builder chain on the policy lambda's parameter)` };
    if (!p.build) return { changes: [], dependencies: [], unfixable: `no \`builder.Build()\` found in ${file.path} to register CORS before` };
    const i = indentAt(text, p.build.startIndex);
    const u = style.indent;
    const calls = policyCalls(policy);
    const block = [
      `${i}// CORS for the allowed origins only.`,
      `${i}builder.Services.AddCors(options =>`,
      `${i}{`,
      `${i}${u}options.AddDefaultPolicy(policy =>`,
      `${i}${u}{`,
      `${i}${u}${u}policy.${calls[0]}`,
      ...calls.slice(1).map((c) => `${i}${u}${u}${u}.${c}`),
      `${i}${u}});`,
      `${i}});`,
    ];
    // The statement's semicolon goes on the last call's line.
    block[block.length - 3] += ';';
    const at = lineSpan(text, p.build.startIndex, p.build.startIndex).start;
    edits.push({ start: at, end: at, text: block.join(eol) + eol + eol });
    const spot = corsSpot(p);
    if (!spot) return { changes: [], dependencies: [], unfixable: `${file.path} has no UseRouting, auth middleware or endpoint to put UseCors before` };
    if (!p.useCors) edits.push({ ...useCorsLine(spot), text: `${indentAt(text, spot.startIndex)}app.UseCors();${eol}` });
    return {
      changes: [{ reason: `Register a default CORS policy above builder.Build() (${where(p.build)}) allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}, and app.UseCors() after UseRouting, before the auth middleware (${where(spot)})`, edits: edits.map((e) => replaceEdit(file, e.start, e.end, e.text)) }],
      dependencies: [],
    };
  },
};
