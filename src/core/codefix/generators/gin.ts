// Gin: gin-contrib/cors's cors.Config{...} amended in place (`*` or AllowAllOrigins
// become the exact list when credentials are needed), its r.Use moved before a session
// check or the routes, or r.Use(cors.New(cors.Config{...})) added right after the engine.
import type { FrameworkGenerator } from '../plugin';
import { GIN_CORS } from '../go/options';
import { routerFix } from '../go/router-fix';
import type { GoRouterPlacement } from '../go/router';

export const ginGenerator: FrameworkGenerator<GoRouterPlacement> = {
  framework: 'gin',
  generate: (p, policy, project) => routerFix(p.site, policy, project, { dialect: GIN_CORS, corsFunction: 'New', version: 'v1.4.0' }),
};
