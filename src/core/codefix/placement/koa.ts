// Koa (routes with @koa/router): `const app = new Koa()`; CORS is @koa/cors:
// `app.use(cors(options))`, registered before `app.use(router.routes())`.
import type * as t from '@babel/types';
import { bindingOf, calleeName } from '../js/ast';
import { middlewarePlacement, useRegistration, type MiddlewareSpec } from '../js/middleware-kit';
import type { CorsDialect } from '../js/cors-options';
import { quoted, semi } from '../js/style';

export const KOA_CORS_DIALECT: CorsDialect = {
  origin: 'origin',
  methods: 'allowMethods',
  allowHeaders: 'allowHeaders',
  exposeHeaders: 'exposeHeaders',
  credentials: 'credentials',
  maxAge: 'maxAge',
  privateNetwork: 'privateNetworkAccess',
  defaultMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'],
  // @koa/cors takes one origin or a function: a list is checked by a function.
  originList: false,
  originTrueReflects: false,
  // With credentials and no origin, @koa/cors echoes the request's Origin.
  credentialsEchoWildcard: true,
  originFunction: (list, style) => `(ctx) => (${list}.includes(ctx.get(${quoted('Origin', style)})) ? ctx.get(${quoted('Origin', style)}) : ${quoted('', style)})`,
};

const HARMLESS = /^(bodyParser|koaBody|body|json|logger|morgan|helmet|compress|compression|conditional|etag)$/;


export const koaSpec: MiddlewareSpec = {
  framework: 'koa',
  displayName: 'Koa',
  packages: ['koa'],
  modules: ['koa'],
  isApp(init, ast) {
    const local = bindingOf(ast, ['koa'])?.local;
    return Boolean(local) && init.type === 'NewExpression' && init.callee.type === 'Identifier' && init.callee.name === local;
  },
  cors: { source: '@koa/cors', local: 'cors', version: '^5.0.0', types: { name: '@types/koa__cors', version: '^5.0.0' } },
  dialect: KOA_CORS_DIALECT,
  registration: useRegistration,
  printRegistration(appName, corsLocal, options, style) {
    return `${appName}.use(${corsLocal}(${options}))${semi(style)}`;
  },
  answersFirst(call, corsLocal) {
    if (call.method !== 'use') return false;
    const arg = call.call.arguments[0] as t.Node | undefined;
    if (!arg) return false;
    const name = calleeName(arg);
    // router.routes(), router.allowedMethods(), auth middleware: anything but CORS and the harmless.
    return name !== corsLocal && !HARMLESS.test(name);
  },
};

export const koaPlacement = middlewarePlacement('koa', () => koaSpec);
