// Laravel: config/cors.php amended in place (lists grow in their own layout, `['*']`
// origins become the exact list when credentials are needed, a missing key is added as
// an entry), the request's path added to `paths` when it is not covered, or the file
// written (what `php artisan config:publish cors` gives, with the policy's values) when
// the project has none.
import { normalizeMethod } from '../../cors/safelist';
import { methodsToList } from '../preflight-methods';
import { needsChange, shortfall } from '../allowance';
import { replaceEdit } from '../edits';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { capitalize } from '../js/reason-text';
import { inListCase } from '../header-case';
import { appendItems, type OffsetEdit } from '../python/edit';
import { missingFrom } from '../python/options';
import { readValue } from '../php/literal';
import { phpArray, phpString, type PhpStyle } from '../php/style';
import { entryValue, type LaravelPlacement } from '../placement/laravel';
import type { CorsPolicy } from '../types';

const methodList = (policy: CorsPolicy): string[] => methodsToList(policy);

function pathPattern(path: string | null): string {
  const first = (path ?? '').split('/')[0];
  return first ? `${first}/*` : '*';
}

function newConfig(p: LaravelPlacement, policy: CorsPolicy, style: PhpStyle): string {
  const q = (s: string) => phpString(s, style);
  const i = style.indent;
  const entry = (key: string, value: string) => `${i}${q(key)} => ${value},`;
  return [
    '<?php',
    '',
    '// CORS for the allowed origins only; Laravel\'s HandleCors middleware reads this file.',
    'return [',
    entry('paths', phpArray([pathPattern(p.path)], style)),
    entry('allowed_methods', phpArray(methodList(policy), style)),
    entry('allowed_origins', phpArray(policy.origins, style)),
    entry('allowed_origins_patterns', '[]'),
    entry('allowed_headers', phpArray(policy.allowHeaders, style)),
    entry('exposed_headers', phpArray(policy.exposeHeaders, style)),
    entry('max_age', String(policy.maxAgeSeconds)),
    entry('supports_credentials', policy.credentials ? 'true' : 'false'),
    '];',
    '',
  ].join(style.eol);
}

export const laravelGenerator: FrameworkGenerator<LaravelPlacement> = {
  framework: 'laravel',
  generate(p, policy): GeneratedFix {
    const { file, style } = p;
    const text = file.text;
    const q = (s: string) => phpString(s, style);
    if (!p.config) {
      return {
        changes: [{ reason: `Create ${file.path} (HandleCors's configuration), allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''} on ${pathPattern(p.path)}`, edits: [replaceEdit(file, 0, 0, newConfig(p, policy, style))] }],
        dependencies: [],
      };
    }
    const allowed = p.configured!;
    const short = shortfall(allowed, policy);
    if (!p.uncovered && !needsChange(short)) return { changes: [], dependencies: [] };
    const root = p.config;
    const edits: OffsetEdit[] = [];
    const what: string[] = [];
    const additions: string[] = [];
    const value = (key: string) => entryValue(p.entries.get(key));
    const list = (key: string, missing: string[], fresh: string[]): string | null => {
      const node = value(key);
      const v = node ? readValue(node, root) : null;
      if (v?.kind === 'strings' && node?.type === 'array_creation_expression') edits.push(appendItems(text, node, missing.map(q), style));
      else if (node) return `the ${key} value is computed, so it cannot be amended safely`;
      else additions.push(`${q(key)} => ${phpArray(fresh, style)}`);
      return null;
    };
    if (p.uncovered) {
      const problem = list('paths', [pathPattern(p.path)], [pathPattern(p.path)]);
      if (problem) return { changes: [], dependencies: [], unfixable: problem };
      what.push(`cover /${pathPattern(p.path)} in paths (HandleCors sends nothing on other paths)`);
    }
    if (short.origins) {
      if (allowed.origins === 'computed') return { changes: [], dependencies: [], unfixable: `the allowed origins of ${file.path} use patterns or are computed, so they cannot be amended safely` };
      const node = value('allowed_origins')!;
      if (Array.isArray(allowed.origins)) {
        const problem = list('allowed_origins', missingFrom(allowed.origins, policy.origins), policy.origins);
        if (problem) return { changes: [], dependencies: [], unfixable: problem };
        what.push(`allow origin ${missingFrom(allowed.origins, policy.origins).join(', ')}`);
      } else {
        edits.push({ start: node.startIndex, end: node.endIndex, text: phpArray(policy.origins, style) });
        what.push(`allow only ${policy.origins.join(', ')} instead of ${allowed.origins === 'reflect' ? 'echoing any origin' : '*'}`);
      }
    }
    if (short.methods) {
      const current = Array.isArray(allowed.methods) ? allowed.methods : [];
      const problem = list('allowed_methods', missingFrom(current, policy.methods, normalizeMethod), methodList(policy));
      if (problem) return { changes: [], dependencies: [], unfixable: problem };
      what.push(`allow method ${missingFrom(current, policy.methods, normalizeMethod).join(', ')}`);
    }
    if (short.allowHeaders) {
      const current = Array.isArray(allowed.allowHeaders) ? allowed.allowHeaders : [];
      const have = (() => { const v = readValue(value('allowed_headers'), root); return v?.kind === 'strings' ? v.values : []; })();
      const missing = missingFrom(current, policy.allowHeaders, (s) => s.toLowerCase());
      const problem = list('allowed_headers', missing.map((h) => inListCase(h, have)), policy.allowHeaders);
      if (problem) return { changes: [], dependencies: [], unfixable: problem };
      what.push(`allow request header ${missing.join(', ')}`);
    }
    if (short.credentials) {
      const node = value('supports_credentials');
      if (node) edits.push({ start: node.startIndex, end: node.endIndex, text: 'true' });
      else additions.push(`${q('supports_credentials')} => true`);
      what.push('allow credentials');
    }
    if (additions.length) edits.push(appendItems(text, p.config, additions, style));
    return {
      changes: [{ reason: `${capitalize(what.join(', '))} in ${file.path}`, edits: edits.map((e) => replaceEdit(file, e.start, e.end, e.text)) }],
      dependencies: [],
      moved: p.uncovered,
    };
  },
};
