// ASP.NET Core (minimal hosting, Program.cs): CORS is a policy registered with
// `builder.Services.AddCors(options => options.AddPolicy(name, policy => policy.WithOrigins(…)…))`
// (or AddDefaultPolicy) and applied by `app.UseCors(name)`, which must run after
// UseRouting and before UseAuthentication and UseAuthorization: later, the auth
// middleware refuses the preflight (no cookies, no token) before CORS answers it.
import { chainOf, link, type Chain } from '../chain';
import type { FrameworkPlacement, Placement } from '../plugin';
import type { Project } from '../project';
import type { AllowedCors, SourceFile } from '../types';
import { locationOf, named, walk, type Node } from '../tree-sitter';
import { CSHARP_CALLS, csharpFiles, csString, csTree, invocationsOf, statementOf, wantsCsharpFile } from '../csharp/tree';
import { layoutOf, type Layout } from '../text-lines';

export interface AspNetPlacement extends Placement {
  file: SourceFile;
  root: Node;
  style: Layout;
  /** The policy builder chain (`policy.WithOrigins(…).AllowAnyHeader()`), and the AddCors call. */
  chain: Chain | null;
  addCors: Node | null;
  /** The policy's name ('' for the default policy). */
  policyName: string;
  /** Statements of the pipeline, by what they call. */
  useCors: Node | null;
  useRouting: Node | null;
  /** The first of UseAuthentication/UseAuthorization. */
  firstAuth: Node | null;
  /** `var app = builder.Build();` (AddCors goes above it) and the first endpoint mapping or Run (UseCors goes above it when nothing else says where). */
  build: Node | null;
  firstEndpoint: Node | null;
  /** UseCors runs before UseRouting or after the auth middleware. */
  misplaced: boolean;
}

function seconds(arg: Node | undefined): number | null {
  if (!arg || arg.type !== 'invocation_expression') return null;
  const name = CSHARP_CALLS.name(arg)?.text;
  const n = CSHARP_CALLS.args(arg)[0];
  const v = n?.type === 'integer_literal' ? Number(n.text) : NaN;
  if (!Number.isFinite(v)) return null;
  return name === 'FromSeconds' ? v : name === 'FromMinutes' ? v * 60 : name === 'FromHours' ? v * 3600 : null;
}

function strings(args: Node[]): string[] | null {
  const out = args.map(csString);
  return out.every((s) => s !== null) ? (out as string[]) : null;
}

export function chainAllowed(chain: Chain): AllowedCors {
  const origins = link(chain, 'WithOrigins');
  const methods = link(chain, 'WithMethods');
  const headers = link(chain, 'WithHeaders');
  const listed = origins ? strings(origins.args) : [];
  return {
    origins: link(chain, 'SetIsOriginAllowed', 'SetIsOriginAllowedToAllowWildcardSubdomains') || !listed ? 'computed' : link(chain, 'AllowAnyOrigin') ? 'any' : listed,
    methods: link(chain, 'AllowAnyMethod') ? 'any' : methods ? strings(methods.args)?.map((m) => m.toUpperCase()) ?? 'computed' : [],
    // AllowAnyHeader echoes the requested headers (CorsService).
    allowHeaders: link(chain, 'AllowAnyHeader') ? 'reflect' : headers ? strings(headers.args)?.map((h) => h.toLowerCase()) ?? 'computed' : [],
    exposeHeaders: (strings(link(chain, 'WithExposedHeaders')?.args ?? []) ?? []).map((h) => h.toLowerCase()),
    credentials: Boolean(link(chain, 'AllowCredentials')),
    maxAgeSeconds: seconds(link(chain, 'SetPreflightMaxAge')?.args[0]),
    privateNetwork: false,
  };
}

/** The builder chain in a policy lambda (`policy => policy.WithOrigins(…)` or a block with that statement). */
function policyChain(lambda: Node | undefined): Chain | null {
  if (!lambda || lambda.type !== 'lambda_expression') return null;
  const param = lambda.childForFieldName('parameters')?.text.replace(/[()\s]/g, '');
  const body = lambda.childForFieldName('body');
  const candidates = body?.type === 'block' ? named(body).filter((s) => s.type === 'expression_statement').map((s) => s.firstNamedChild) : [body];
  for (const c of candidates) {
    const chain = c ? chainOf(c, CSHARP_CALLS) : null;
    if (chain && chain.root.text === param) return chain;
  }
  return null;
}

function programFile(project: Project): SourceFile | null {
  const files = csharpFiles(project);
  return files.find((f) => /WebApplication\s*\.\s*Create(Slim)?Builder/.test(f.text)) ?? null;
}

export const aspnetPlacement: FrameworkPlacement<AspNetPlacement> = {
  framework: 'aspnet',
  language: 'csharp',
  wantsFile: wantsCsharpFile,
  detect(project) {
    if (project.files.some((f) => f.path.endsWith('.csproj') && /Sdk\s*=\s*"Microsoft\.NET\.Sdk\.Web"/.test(f.text))) return 10;
    return programFile(project) ? 5 : 0;
  },
  locate(project) {
    if (!project.grammars.csharp) return { unfixable: 'the C# grammar was not loaded, so Program.cs cannot be read' };
    const file = programFile(project);
    const tree = file ? csTree(project, file.path) : null;
    if (!file || !tree) return { unfixable: 'no Program.cs with WebApplication.CreateBuilder found' };
    const root = tree.rootNode;
    const first = (name: string) => invocationsOf(root, name)[0] ?? null;
    const useCorsCall = first('UseCors');
    const policyName = useCorsCall ? csString(CSHARP_CALLS.args(useCorsCall)[0] ?? root) ?? '' : '';
    const addCors = first('AddCors');
    // `app.UseCors(policy => policy.WithOrigins(...))`: the policy is the lambda's, whatever AddCors registers.
    const inline = useCorsCall ? policyChain(CSHARP_CALLS.args(useCorsCall)[0]) : null;
    let chain: Chain | null = inline;
    if (addCors && !inline) {
      walk(addCors, (n) => {
        if (chain || n.type !== 'invocation_expression') return;
        const name = CSHARP_CALLS.name(n)?.text;
        const args = CSHARP_CALLS.args(n);
        if (name === 'AddPolicy' && (!policyName || csString(args[0]) === policyName)) chain = policyChain(args[args.length - 1]);
        if (name === 'AddDefaultPolicy' && !policyName) chain = policyChain(args[0]);
      });
    }
    const stmt = (n: Node | null) => (n ? statementOf(n) : null);
    const useCors = stmt(useCorsCall);
    const useRouting = stmt(first('UseRouting'));
    const auths = [stmt(first('UseAuthentication')), stmt(first('UseAuthorization'))].filter((s): s is Node => s !== null).sort((a, b) => a.startIndex - b.startIndex);
    const firstAuth = auths[0] ?? null;
    const build = stmt(first('Build'));
    const endpoints = ['MapControllers', 'MapGet', 'MapPost', 'MapPut', 'MapDelete', 'MapGroup', 'Run'].map((n) => stmt(first(n))).filter((s): s is Node => s !== null).sort((a, b) => a.startIndex - b.startIndex);
    const misplaced = Boolean(useCors && ((firstAuth && useCors.startIndex > firstAuth.startIndex) || (useRouting && useCors.startIndex < useRouting.startIndex)));
    const c = chain as Chain | null;
    return {
      framework: 'aspnet',
      app: build ? locationOf(file, build) : null,
      cors: addCors ? locationOf(file, addCors) : null,
      allowed: c ? chainAllowed(c) : null,
      route: null,
      file,
      root,
      style: layoutOf(file.text),
      chain: c,
      addCors,
      policyName,
      useCors,
      useRouting,
      firstAuth,
      build,
      firstEndpoint: endpoints[0] ?? null,
      misplaced,
    };
  },
};
