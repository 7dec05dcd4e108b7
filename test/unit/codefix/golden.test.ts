// Golden files for the frameworks that cannot run on this machine (Spring Boot, ASP.NET
// Core, Laravel, Rails): for every broken kind, golden/<framework>/<kind>/input/ is the
// project before the fix and expected/ the files the fix must write, reviewed by hand
// against the framework's documentation (the page each expectation was checked against
// is named in DOCS below). The fix is planned from the kind's recorded flows with the real
// tree-sitter grammars, must give exactly the expected files, must change nothing on a
// second run, and must never be dangerous. UPDATE_EXPECTED=1 writes expected/ (review the diff).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyEditsToFiles } from '../../../src/core/codefix/edits';
import { planFix } from '../../../src/core/codefix/plan';
import { isNoPlacement } from '../../../src/core/codefix/plugin';
import { Project } from '../../../src/core/codefix/project';
import { pluginById } from '../../../src/core/codefix/registry';
import type { FixPlan, FrameworkId, Grammars, SourceFile } from '../../../src/core/codefix/types';
import { GrammarLoader } from '../../../src/shell/grammars';
import { KIND_FLOWS } from './golden/kind-flows';
import { recordsOf } from './records';

const GOLDEN = path.join(__dirname, 'golden');
const update = process.env.UPDATE_EXPECTED === '1';

/**
 * Where each expectation was checked, per framework and kind.
 */
const DOCS: Record<string, Record<string, string>> = {
  spring: {
    // Spring Framework reference, Web MVC > CORS > Global Configuration > Java Configuration: a WebMvcConfigurer's
    // addCorsMappings with CorsRegistry.addMapping(...).allowedOrigins(...).allowedMethods(...)...maxAge(...).
    'no-cors': 'https://docs.spring.io/spring-framework/reference/web/webmvc-cors.html#mvc-cors-global-java',
    // Same section: allowedOrigins takes exact origins.
    'wrong-origin': 'https://docs.spring.io/spring-framework/reference/web/webmvc-cors.html#mvc-cors-global-java',
    // Same section: by default only GET, HEAD and POST are allowed; allowedMethods replaces that list.
    'missing-method': 'https://docs.spring.io/spring-framework/reference/web/webmvc-cors.html#mvc-cors-global-java',
    // Same section: allowedHeaders lists the request headers (all by default).
    'missing-header': 'https://docs.spring.io/spring-framework/reference/web/webmvc-cors.html#mvc-cors-global-java',
    // Same page, Credentialed Requests: with allowCredentials, "*" is not authorized in allowedOrigins.
    'wildcard-credentials': 'https://docs.spring.io/spring-framework/reference/web/webmvc-cors.html#mvc-cors-credentialed-requests',
    // Spring Security reference, Servlet > CORS: a CorsConfigurationSource bean's CorsConfiguration, amended in place.
    'extend-existing': 'https://docs.spring.io/spring-security/reference/servlet/integrations/cors.html',
    // Spring Security reference, Servlet > CORS: CORS must be processed before Spring Security (the preflight has
    // no cookies); http.cors(withDefaults()) uses the Spring MVC CORS configuration.
    'wrong-order': 'https://docs.spring.io/spring-security/reference/servlet/integrations/cors.html',
  },
  aspnet: {
    // "Enable Cross-Origin Requests (CORS) in ASP.NET Core", CORS with named policy and middleware: AddCors with a
    // policy, and UseCors placed after UseRouting and before UseAuthorization.
    'no-cors': 'https://learn.microsoft.com/en-us/aspnet/core/security/cors#cors-with-named-policy-and-middleware',
    // Same page, "Set the allowed origins": WithOrigins takes the origins, no trailing slash.
    'wrong-origin': 'https://learn.microsoft.com/en-us/aspnet/core/security/cors#set-the-allowed-origins',
    // Same page, "Set the allowed HTTP methods": WithMethods lists the methods preflights may ask for.
    'missing-method': 'https://learn.microsoft.com/en-us/aspnet/core/security/cors#set-the-allowed-http-methods',
    // Same page, "Set the allowed request headers": WithHeaders lists the author request headers.
    'missing-header': 'https://learn.microsoft.com/en-us/aspnet/core/security/cors#set-the-allowed-request-headers',
    // Same page, "Credentials in cross-origin requests": AllowCredentials; AllowAnyOrigin with it is insecure
    // (and refused), so the exact origin replaces it.
    'wildcard-credentials': 'https://learn.microsoft.com/en-us/aspnet/core/security/cors#credentials-in-cross-origin-requests',
    // Same page, "CORS policy options": the builder calls extended in place.
    'extend-existing': 'https://learn.microsoft.com/en-us/aspnet/core/security/cors#cors-policy-options',
    // Same page (UseCors placement) and "ASP.NET Core Middleware", middleware order: UseCors after UseRouting,
    // before UseAuthentication/UseAuthorization.
    'wrong-order': 'https://learn.microsoft.com/en-us/aspnet/core/fundamentals/middleware/#middleware-order',
  },
  laravel: {
    // Laravel docs, Routing > CORS: HandleCors is in the global middleware stack and reads
    // config/cors.php, published with `php artisan config:publish cors` when the app has none.
    'no-cors': 'https://laravel.com/docs/11.x/routing#cors',
    // fruitcake/php-cors README (the options HandleCors uses): allowed_origins lists exact origins, with the scheme.
    'wrong-origin': 'https://github.com/fruitcake/php-cors#options',
    // php-cors README: allowed_methods matches the request method; ['*'] allows all.
    'missing-method': 'https://github.com/fruitcake/php-cors#options',
    // php-cors README: allowed_headers sets Access-Control-Allow-Headers; custom headers must be listed (or ['*']).
    'missing-header': 'https://github.com/fruitcake/php-cors#options',
    // php-cors README: supports_credentials sets Access-Control-Allow-Credentials; with ['*'] origins it echoes any
    // origin, so the exact origin replaces '*'.
    'wildcard-credentials': 'https://github.com/fruitcake/php-cors#options',
    // php-cors README: every option is a list or a scalar, extended in place.
    'extend-existing': 'https://github.com/fruitcake/php-cors#options',
    // Laravel docs, Routing > CORS, and php-cors README (paths): HandleCors acts only on the paths listed, so the
    // API's preflight reached the router (and its auth) without CORS headers until api/* is in paths.
    'wrong-order': 'https://laravel.com/docs/11.x/routing#cors',
  },
  rails: {
    // rack-cors README (github.com/cyu/rack-cors, "Rails Configuration"): the initializer
    // config/initializers/cors.rb with `insert_before 0, Rack::Cors`, and `gem 'rack-cors'`.
    'no-cors': 'https://github.com/cyu/rack-cors#rails-configuration',
    // rack-cors README ("Origin"): `origins` takes several strings; a listed origin is matched exactly.
    'wrong-origin': 'https://github.com/cyu/rack-cors#origin',
    // rack-cors README ("Resource", methods): the HTTP methods allowed for the resource, as symbols.
    'missing-method': 'https://github.com/cyu/rack-cors#resource',
    // rack-cors README ("Resource", headers): the request headers allowed, an array of names or :any.
    'missing-header': 'https://github.com/cyu/rack-cors#resource',
    // rack-cors README ("Resource", credentials; "Common Gotchas"): credentials need exact origins, '*' with credentials is refused.
    'wildcard-credentials': 'https://github.com/cyu/rack-cors#resource',
    // rack-cors README ("Resource"): origins, headers, methods, credentials and max_age extended in place.
    'extend-existing': 'https://github.com/cyu/rack-cors#resource',
    // rack-cors README ("Rails Configuration"): insert_before 0 so no other middleware interferes first.
    'wrong-order': 'https://github.com/cyu/rack-cors#rails-configuration',
  },
};

function readTree(dir: string, base = dir): SourceFile[] {
  const out: SourceFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...readTree(full, base));
    else out.push({ path: path.relative(base, full).split(path.sep).join('/'), text: readFileSync(full, 'utf8') });
  }
  return out;
}

function frameworks(): string[] {
  return existsSync(GOLDEN) ? readdirSync(GOLDEN).filter((d) => statSync(path.join(GOLDEN, d)).isDirectory()).sort() : [];
}

describe('quick fixes: golden files for the frameworks that cannot run here', () => {
  let grammars: Grammars = {};
  before(async () => {
    grammars = await new GrammarLoader().load(['php', 'ruby', 'java', 'csharp']);
  });

  for (const framework of frameworks()) {
    describe(framework, () => {
      const kinds = readdirSync(path.join(GOLDEN, framework)).filter((k) => KIND_FLOWS[k]).sort();
      it('has a case for every broken kind, each checked against a documentation page', () => {
        assert.deepEqual(kinds, Object.keys(KIND_FLOWS).sort());
        for (const k of kinds) assert.match(DOCS[framework]?.[k] ?? '', /^https:\/\//, `${framework}/${k}: which documentation page was it checked against?`);
      });
      for (const kind of kinds) {
        describe(kind, () => {
          const dir = path.join(GOLDEN, framework, kind);
          const files = readTree(path.join(dir, 'input'));
          const records = recordsOf(KIND_FLOWS[kind]());
          let plan: FixPlan;
          let changed: SourceFile[] = [];
          let after: SourceFile[] = [];
          before(() => {
            plan = planFix({ files, records, grammars });
            changed = plan.status === 'fix' ? applyEditsToFiles(files, plan.changes.flatMap((ch) => ch.edits)) : [];
            after = [...files.filter((f) => !changed.some((x) => x.path === f.path)), ...changed];
          });

          it(`plans a ${framework} fix`, () => {
            assert.equal(plan.status, 'fix', `${plan.title}: ${JSON.stringify(plan.unfixable)}`);
            assert.equal(plan.framework, framework);
            for (const ch of plan.changes) assert.ok(ch.reason.length > 0 && !ch.reason.includes('\n'), ch.reason);
          });

          it('writes exactly the expected files', () => {
            const expectedDir = path.join(dir, 'expected');
            if (update) {
              for (const f of changed) {
                mkdirSync(path.dirname(path.join(expectedDir, f.path)), { recursive: true });
                writeFileSync(path.join(expectedDir, f.path), f.text);
              }
            }
            const expected = existsSync(expectedDir) ? readTree(expectedDir) : [];
            assert.deepEqual(changed.map((f) => f.path).sort(), expected.map((f) => f.path).sort(), 'the files the fix changes');
            for (const e of expected) assert.equal(changed.find((f) => f.path === e.path)?.text, e.text, `${framework}/${kind}/${e.path}`);
          });

          it('the fixed project parses, and allows no origin with credentials it should not', () => {
            const project = new Project(after, grammars);
            for (const f of changed) {
              const language = f.path.endsWith('.php') ? 'php' : f.path.endsWith('.java') ? 'java' : f.path.endsWith('.cs') ? 'csharp' : /(\.rb|\.ru|Gemfile)$/.test(f.path) ? 'ruby' : null;
              if (!language) continue;
              const tree = project.parsed(language, f.path) as { rootNode: { hasError: boolean } };
              assert.equal(tree.rootNode.hasError, false, `${f.path} does not parse after the fix`);
            }
            const placement = pluginById(framework as FrameworkId)!.placement.locate(project, null);
            assert.ok(!isNoPlacement(placement), JSON.stringify(placement));
            const allowed = placement.allowed!;
            assert.ok(allowed, 'the CORS code is found again');
            if (allowed.credentials) assert.ok(Array.isArray(allowed.origins), `origins ${JSON.stringify(allowed.origins)} with credentials`);
            if (Array.isArray(allowed.origins)) assert.ok(!allowed.origins.includes('http://localhost:4173'), 'a foreign origin is allowed');
          });

          it('is idempotent: planning again on the fixed project changes nothing', () => {
            const again = planFix({ files: after, records, grammars });
            assert.equal(again.status, 'nothing-to-fix', again.title);
          });
        });
      }
    });
  }
});
