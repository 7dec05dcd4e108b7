// Hono: `const app = new Hono()`; CORS is hono/cors (shipped with hono):
// `app.use('*', cors(options))`, registered before the routes.
import type * as t from '@babel/types';
import { bindingOf, calleeName } from '../js/ast';
import { middlewarePlacement, useRegistration, type MiddlewareSpec } from '../js/middleware-kit';
import type { CorsDialect } from '../js/cors-options';
import { quoted, semi } from '../js/style';

export const HONO_CORS_DIALECT: CorsDialect = {
  origin: 'origin',
  methods: 'allowMethods',
  allowHeaders: 'allowHeaders',
  exposeHeaders: 'exposeHeaders',
  credentials: 'credentials',
  maxAge: 'maxAge',
  privateNetwork: null,
  defaultMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'],
  originList: true,
  originTrueReflects: false,
  credentialsEchoWildcard: false,
};

const ROUTES = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all', 'on', 'route', 'basePath', 'mount'];
const HARMLESS = /^(logger|prettyJSON|secureHeaders|compress|etag|timing|requestId|poweredBy)$/;


export const honoSpec: MiddlewareSpec = {
  framework: 'hono',
  displayName: 'Hono',
  packages: ['hono'],
  modules: ['hono'],
  isApp(init, ast) {
    const local = bindingOf(ast, ['hono'])?.named.get('Hono');
    return Boolean(local) && init.type === 'NewExpression' && init.callee.type === 'Identifier' && init.callee.name === local;
  },
  cors: { source: 'hono/cors', named: 'cors', local: 'cors' },
  dialect: HONO_CORS_DIALECT,
  registration: useRegistration,
  printRegistration(appName, corsLocal, options, style) {
    return `${appName}.use(${quoted('*', style)}, ${corsLocal}(${options}))${semi(style)}`;
  },
  answersFirst(call, corsLocal) {
    if (ROUTES.includes(call.method)) return true;
    if (call.method !== 'use') return false;
    return call.call.arguments.some((arg) => arg.type !== 'StringLiteral' && calleeName(arg as t.Node) !== corsLocal && !HARMLESS.test(calleeName(arg as t.Node)));
  },
};

export const honoPlacement = middlewarePlacement('hono', () => honoSpec);
