// chi: go-chi/cors's cors.Options{...} amended in place, its r.Use moved before a
// session check, or r.Use(cors.Handler(cors.Options{...})) added right after the router.
import type { FrameworkGenerator } from '../plugin';
import { CHI_CORS } from '../go/options';
import { routerFix } from '../go/router-fix';
import type { GoRouterPlacement } from '../go/router';

export const chiGenerator: FrameworkGenerator<GoRouterPlacement> = {
  framework: 'chi',
  generate: (p, policy, project) => routerFix(p.site, policy, project, { dialect: CHI_CORS, corsFunction: 'Handler', version: 'v1.2.1' }),
};
