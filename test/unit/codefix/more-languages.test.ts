// Quick fixes in PHP, Ruby and C# beyond the seven kinds of the golden files: the forms
// a project may write that the kinds do not show (Rails 3/4's string "Rack::Cors", a
// policy given inline to UseCors, a PHP allow-list checked after a login check), planned
// with the real grammars from the kinds' recorded flows, applied, and planned again.
import { strict as assert } from 'node:assert';
import { applyEditsToFiles } from '../../../src/core/codefix/edits';
import { planFix } from '../../../src/core/codefix/plan';
import type { Grammars, SourceFile } from '../../../src/core/codefix/types';
import { GrammarLoader } from '../../../src/shell/grammars';
import { KIND_FLOWS } from './golden/kind-flows';
import { recordsOf } from './records';

interface Case {
  name: string;
  kind: string;
  framework: string;
  files: Record<string, string>;
  /** The edited file and lines it must (and must not) hold afterwards. */
  file: string;
  has: string[];
  lacks: string[];
}

const CASES: Case[] = [
  {
    name: 'Rails 3/4 string "Rack::Cors" mounted after another middleware is mounted first, as a string still',
    kind: 'wrong-order',
    framework: 'rails',
    files: {
      Gemfile: 'gem "rails"\ngem "rack-cors"\n',
      'config/application.rb': 'module Items\n  class Application < Rails::Application\n    config.middleware.insert_after(ActionDispatch::Static, "Rack::Cors") do\n      allow do\n        origins "http://localhost:5173"\n        resource "*", headers: :any, methods: :any, credentials: true\n      end\n    end\n  end\nend\n',
    },
    file: 'config/application.rb',
    has: ['    config.middleware.insert_before(0, "Rack::Cors") do'],
    lacks: ['insert_after'],
  },
  {
    name: 'an ASP.NET Core policy given inline to UseCors is amended there, not registered again',
    kind: 'wrong-origin',
    framework: 'aspnet',
    files: {
      'Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
      'Program.cs': 'var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddCors();\nvar app = builder.Build();\napp.UseRouting();\napp.UseCors(policy => policy.WithOrigins("http://localhost:3000").AllowAnyMethod().AllowAnyHeader());\napp.Run();\n',
    },
    file: 'Program.cs',
    has: ['app.UseCors(policy => policy.WithOrigins("http://localhost:3000", "http://localhost:5173").AllowAnyMethod().AllowAnyHeader());', 'builder.Services.AddCors();'],
    lacks: ['AddDefaultPolicy'],
  },
  {
    name: 'a PHP allow-list checked after a login check that exits is replaced by one check at the top',
    kind: 'wrong-order',
    framework: 'php',
    files: {
      'index.php': "<?php\nrequire 'api.php';\n\nif (!current_user()) {\n    http_response_code(401);\n    exit;\n}\n\n$allowed = ['http://localhost:5173'];\nif (in_array($_SERVER['HTTP_ORIGIN'] ?? '', $allowed, true)) {\n    header('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']);\n    header('Access-Control-Allow-Credentials: true');\n}\nif ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {\n    header('Access-Control-Allow-Methods: GET, PUT');\n    http_response_code(204);\n    exit;\n}\n\nhandle_api();\n",
    },
    file: 'index.php',
    // The login check stays (it only sets a status and exits, like an OPTIONS answer would); the user's list goes with its check.
    has: ["$corsAllowedOrigins = ['http://localhost:5173'];\nheader('Vary: Origin');", "}\n\nif (!current_user()) {\n    http_response_code(401);\n    exit;\n}\n\nhandle_api();\n"],
    lacks: ["header('Access-Control-Allow-Methods: GET, PUT');", "if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {", '$allowed'],
  },
];

describe('quick fixes: more PHP, Ruby and C# forms', () => {
  let grammars: Grammars = {};
  before(async () => {
    grammars = await new GrammarLoader().load(['php', 'ruby', 'csharp']);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const files: SourceFile[] = Object.entries(c.files).map(([path, text]) => ({ path, text }));
      const records = recordsOf(KIND_FLOWS[c.kind]());
      const plan = planFix({ files, records, grammars });
      assert.equal(plan.status, 'fix', JSON.stringify(plan.unfixable));
      assert.equal(plan.framework, c.framework);
      const changed = applyEditsToFiles(files, plan.changes.flatMap((ch) => ch.edits));
      const text = changed.find((f) => f.path === c.file)?.text ?? '';
      for (const h of c.has) assert.ok(text.includes(h), `${c.file} lacks ${JSON.stringify(h)}:\n${text}`);
      for (const l of c.lacks) assert.ok(!text.includes(l), `${c.file} still has ${JSON.stringify(l)}:\n${text}`);
      const after = [...files.filter((f) => !changed.some((x) => x.path === f.path)), ...changed];
      assert.equal(planFix({ files: after, records, grammars }).status, 'nothing-to-fix');
    });
  }
});
