// chi: `r := chi.NewRouter()`. CORS is go-chi/cors, `r.Use(cors.Handler(cors.Options{...}))`.
// Middleware runs in the order it is added (chi refuses `Use` after a route), so CORS
// added after a session check sees no preflight: the check refuses it (no cookie).
import type { FrameworkPlacement } from '../plugin';
import { CHI_CORS, readOptions } from '../go/options';
import { detectModule, findRouter, type GoRouterPlacement, type RouterKind } from '../go/router';
import { wantsGoFile } from '../go/tree';
import { locationOf } from '../tree-sitter';

export const CHI_ROUTER: RouterKind = {
  router: 'github.com/go-chi/chi/v5',
  constructors: ['NewRouter', 'NewMux'],
  routeMethods: null,
  harmless: /^middleware\.(Logger|Recoverer|RequestID|RealIP|CleanPath|StripSlashes)$/,
  library: CHI_CORS.library,
  corsFunctions: ['Handler'],
};

export const chiPlacement: FrameworkPlacement<GoRouterPlacement> = {
  framework: 'chi',
  language: 'go',
  wantsFile: wantsGoFile,
  detect: (project) => detectModule(project, 'github.com/go-chi/chi'),
  locate(project) {
    if (!project.grammars.go) return { unfixable: 'the Go grammar was not loaded, so the chi code cannot be read' };
    const site = findRouter(project, CHI_ROUTER);
    if (typeof site === 'string') return { unfixable: site };
    const literal = site.cors?.literal ?? null;
    return {
      framework: 'chi',
      app: locationOf(site.file, site.statement),
      cors: site.cors ? locationOf(site.file, site.cors.call) : null,
      allowed: literal ? readOptions(literal, site.root, CHI_CORS) : null,
      route: null,
      site,
    };
  },
};
