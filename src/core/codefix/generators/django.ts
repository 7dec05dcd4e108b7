// Django: django-cors-headers installed (INSTALLED_APPS, CorsMiddleware above
// CommonMiddleware and anything that answers), and the CORS_* settings amended or
// added. New CORS_ALLOW_HEADERS / CORS_ALLOW_METHODS spread the package's defaults so
// nothing the defaults allowed is lost; CORS_ALLOW_ALL_ORIGINS gives way to the exact
// list when credentials are needed (it echoes every origin with them).
import { shortfall } from '../allowance';
import { replaceEdit } from '../edits';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { appendItems, importEdit, insertItemBefore, removeItem, replaceNode, type OffsetEdit } from '../python/edit';
import { mergeInsertions } from '../js/object-edit';
import { addPythonDependency } from '../python/manifest';
import { extendValue, lower, missingFrom, upper } from '../python/options';
import { lineSpan, pyList, pyString } from '../python/style';
import { CORS_APP, CORS_MIDDLEWARE, type DjangoPlacement } from '../placement/django';
import type { DependencyChange, PlannedChange, TextEdit } from '../types';

export const DJANGO_CORS_HEADERS = { name: 'django-cors-headers', version: '>=3.13' };

export const djangoGenerator: FrameworkGenerator<DjangoPlacement> = {
  framework: 'django',
  generate(p, policy, project): GeneratedFix {
    const { file, style } = p;
    const text = file.text;
    const eol = style.eol;
    const q = (s: string) => pyString(s, style);
    const where = (n: { startPosition: { row: number } }) => `${file.path}:${n.startPosition.row + 1}`;
    const asText = (edits: OffsetEdit[]): TextEdit[] => edits.map((e) => replaceEdit(file, e.start, e.end, e.text));
    const changes: PlannedChange[] = [];
    const dependencies: DependencyChange[] = [];

    // 1. The package: installed app and middleware, high enough.
    const install: OffsetEdit[] = [];
    const installWhat: string[] = [];
    if (!p.appInstalled) {
      const apps = p.installedApps?.value;
      if (apps?.kind !== 'strings' || !['list', 'tuple'].includes(apps.node.type)) return { changes: [], dependencies: [], unfixable: `INSTALLED_APPS is computed (${where(p.installedApps!.statement)}), so "corsheaders" cannot be added safely` };
      install.push(appendItems(text, apps.node, [q(CORS_APP)], style));
      installWhat.push('add "corsheaders" to INSTALLED_APPS');
    }
    const mw = p.middleware?.value;
    if (!p.corsEntry || p.firstAnswering) {
      if (mw?.kind !== 'strings' || !['list', 'tuple'].includes(mw.node.type)) return { changes: [], dependencies: [], unfixable: 'MIDDLEWARE is computed, so CorsMiddleware cannot be placed safely' };
      const before = p.firstAnswering ?? mw.elements[0];
      if (p.corsEntry) install.push(removeItem(text, p.corsEntry));
      if (before) install.push(insertItemBefore(text, before, q(CORS_MIDDLEWARE), style));
      else install.push(appendItems(text, mw.node, [q(CORS_MIDDLEWARE)], style));
      const beforeName = before ? before.text.replace(/^['"]|['"]$/g, '') : '';
      installWhat.push(p.corsEntry
        ? `move CorsMiddleware above ${beforeName} (${where(before!)}), which answers before CORS can`
        : `add CorsMiddleware to MIDDLEWARE${before ? ` above ${beforeName}` : ''}`);
    }
    if (!p.appInstalled || !p.corsEntry) {
      const dep = addPythonDependency(project, DJANGO_CORS_HEADERS.name, DJANGO_CORS_HEADERS.version);
      if (dep.dependency) {
        dependencies.push(dep.dependency);
        if (dep.edits.length) changes.push({ reason: `Add ${DJANGO_CORS_HEADERS.name} to ${dep.dependency.manifest} (then run ${dep.dependency.installCommand})`, edits: dep.edits });
      }
    }

    // 2. The settings.
    const allowed = p.settingsAllow;
    const short = shortfall(allowed, policy);
    const edits: OffsetEdit[] = [];
    const what: string[] = [];
    const added: string[] = [];
    const imports: string[] = [];
    if (allowed.origins === 'computed') return { changes: [], dependencies: [], unfixable: 'CORS_ALLOWED_ORIGINS is computed, so it cannot be amended safely' };
    if (short.origins) {
      const exact = Array.isArray(allowed.origins) ? allowed.origins : [];
      const all = p.setting('allowAll');
      if (all && all.value?.kind === 'boolean' && all.value.value) edits.push(replaceNode(all.value.node, 'False'));
      const list = p.setting('origins');
      const wanted = [...exact, ...missingFrom(exact, policy.origins)];
      const edit = list?.value ? extendValue(text, list.value, wanted, style) : null;
      if (list && !edit) return { changes: [], dependencies: [], unfixable: `${list.name} cannot be amended safely (${where(list.statement)})` };
      if (edit) edits.push(edit);
      else added.push(`CORS_ALLOWED_ORIGINS = ${pyList(policy.origins, style)}`);
      what.push(Array.isArray(allowed.origins) ? `allow origin ${missingFrom(exact, policy.origins).join(', ')}` : `allow only ${policy.origins.join(', ')} instead of every origin`);
    }
    const sequence = (kind: 'methods' | 'headers', local: string | null, importName: string, fold: (s: string) => string, wantedAll: string[], current: string[] | string) => {
      const s = p.setting(kind);
      const have = Array.isArray(current) ? current : [];
      const missing = missingFrom(have, wantedAll, fold);
      const settingName = kind === 'methods' ? 'CORS_ALLOW_METHODS' : 'CORS_ALLOW_HEADERS';
      if (s) {
        const edit = s.value ? extendValue(text, s.value, [...(s.value.kind === 'strings' ? s.value.values : []), ...missing], style, fold) : null;
        if (!edit) return `${s.name} cannot be amended safely (${where(s.statement)})`;
        edits.push(edit);
      } else {
        // Not set: the defaults apply, so keep them and add what is missing.
        const name = local ?? importName;
        if (!local) imports.push(importName);
        added.push(`${settingName} = (*${name}, ${missing.map(q).join(', ')})`);
      }
      what.push(`allow ${kind === 'methods' ? 'method' : 'request header'} ${missing.join(', ')}`);
      return null;
    };
    if (short.methods) {
      const bad = sequence('methods', p.defaultsImported.methods, 'default_methods', upper, policy.methods, allowed.methods);
      if (bad) return { changes: [], dependencies: [], unfixable: bad };
    }
    if (short.allowHeaders) {
      const bad = sequence('headers', p.defaultsImported.headers, 'default_headers', lower, policy.allowHeaders, allowed.allowHeaders);
      if (bad) return { changes: [], dependencies: [], unfixable: bad };
    }
    if (short.credentials) {
      const c = p.setting('credentials');
      if (c?.value) edits.push(replaceNode(c.value.node, 'True'));
      else added.push('CORS_ALLOW_CREDENTIALS = True');
      what.push('allow credentials');
    }
    if (added.length) {
      // After the last CORS_* setting, else after MIDDLEWARE.
      const anchors = ['origins', 'allowAll', 'credentials', 'headers', 'methods', 'expose', 'maxAge', 'regexes'].map((k) => p.setting(k as 'origins')).filter((s): s is NonNullable<typeof s> => s !== null);
      const last = anchors.sort((a, b) => b.statement.endIndex - a.statement.endIndex)[0];
      const anchor = last?.statement ?? p.middleware?.statement ?? p.installedApps!.statement;
      const at = lineSpan(text, anchor.startIndex, anchor.endIndex).end;
      const heading = last ? '' : `${eol}# CORS (django-cors-headers): the front ends allowed to call this API.${eol}`;
      edits.push({ start: at, end: at, text: `${heading}${added.join(eol)}${eol}` });
    }
    for (const name of imports) {
      const imp = importEdit(text, p.root, 'corsheaders.defaults', name, style);
      if (imp) edits.push(imp);
    }
    // One change per file: the CLI shows each change as a diff of the text the one before left.
    if (install.length || edits.length) {
      const at = p.setting('origins')?.statement ?? p.middleware?.statement ?? p.installedApps!.statement;
      const parts = [...installWhat, ...(what.length ? [`${what.join(', ')} in the CORS settings`] : [])];
      changes.unshift({ reason: `${parts.join(', ').replace(/^./, (c) => c.toUpperCase())} (${where(at)})`, edits: asText(mergeInsertions([...install, ...edits])) });
    }
    return { changes, dependencies, moved: Boolean(p.corsEntry && p.firstAnswering) };
  },
};
