// Gin: `r := gin.Default()` (or gin.New()). CORS is gin-contrib/cors,
// `r.Use(cors.New(cors.Config{...}))`. Middleware runs in the order it is added, and a
// route registered before `r.Use` never gets it: CORS added after a session check sees
// no preflight (the check refuses it, no cookie), and added after the routes sees none
// at all. A disallowed origin gets 403 from gin-contrib/cors.
import type { FrameworkPlacement } from '../plugin';
import { readOptions, GIN_CORS } from '../go/options';
import { detectModule, findRouter, type GoRouterPlacement, type RouterKind } from '../go/router';
import { wantsGoFile } from '../go/tree';
import { locationOf } from '../tree-sitter';

export const GIN_ROUTER: RouterKind = {
  router: 'github.com/gin-gonic/gin',
  constructors: ['Default', 'New'],
  routeMethods: /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Any|Handle|Group|Static|StaticFS|StaticFile)$/,
  harmless: /^gin\.(Logger|Recovery)\(\)$|Logger|Recover/,
  library: GIN_CORS.library,
  corsFunctions: ['New', 'Default'],
};

export const ginPlacement: FrameworkPlacement<GoRouterPlacement> = {
  framework: 'gin',
  language: 'go',
  wantsFile: wantsGoFile,
  detect: (project) => detectModule(project, GIN_ROUTER.router),
  locate(project) {
    if (!project.grammars.go) return { unfixable: 'the Go grammar was not loaded, so the Gin code cannot be read' };
    const site = findRouter(project, GIN_ROUTER);
    if (typeof site === 'string') return { unfixable: site };
    const literal = site.cors?.literal ?? null;
    return {
      framework: 'gin',
      app: locationOf(site.file, site.statement),
      cors: site.cors ? locationOf(site.file, site.cors.call) : null,
      allowed: literal ? readOptions(literal, site.root, GIN_CORS) : site.cors ? { origins: 'any', methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'], allowHeaders: ['origin', 'content-length', 'content-type'], exposeHeaders: [], credentials: false, maxAgeSeconds: 43200, privateNetwork: false } : null,
      route: null,
      site,
    };
  },
};
