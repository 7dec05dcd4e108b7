// Express 4 and 5: `const app = express()`, CORS is the `cors` package registered with
// `app.use(cors(options))` (or on a route: `app.get('/x', cors(options), handler)`).
import type * as t from '@babel/types';
import { bindingOf, calleeName } from '../js/ast';
import { middlewarePlacement, useRegistration, type MiddlewareSpec } from '../js/middleware-kit';
import type { CorsDialect } from '../js/cors-options';
import { semi } from '../js/style';

/** The options of the `cors` package (also what NestJS's enableCors takes). */
export const EXPRESS_CORS_DIALECT: CorsDialect = {
  origin: 'origin',
  methods: 'methods',
  allowHeaders: 'allowedHeaders',
  exposeHeaders: 'exposedHeaders',
  credentials: 'credentials',
  maxAge: 'maxAge',
  privateNetwork: null,
  defaultMethods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
  originList: true,
  originTrueReflects: true,
  credentialsEchoWildcard: false,
};

const ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all', 'route'];
/** Middleware that never answers a request itself, so it may run before CORS. */
const HARMLESS = /^(express\.(json|urlencoded|text|raw)|bodyParser(\.\w+)?|json|urlencoded|morgan|logger|helmet|compression|cookieParser|cookies)$/;


export const expressSpec: MiddlewareSpec = {
  framework: 'express',
  displayName: 'Express',
  packages: ['express'],
  modules: ['express'],
  isApp(init, ast) {
    const local = bindingOf(ast, ['express'])?.local;
    return Boolean(local) && init.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === local;
  },
  cors: { source: 'cors', local: 'cors', version: '^2.8.5', types: { name: '@types/cors', version: '^2.8.17' } },
  dialect: EXPRESS_CORS_DIALECT,
  registration: useRegistration,
  printRegistration(appName, corsLocal, options, style) {
    return `${appName}.use(${corsLocal}(${options}))${semi(style)}`;
  },
  answersFirst(call, corsLocal) {
    if (ROUTE_METHODS.includes(call.method)) return true;
    if (call.method !== 'use') return false;
    return call.call.arguments.some((arg) => {
      if (arg.type === 'StringLiteral') return false;
      const name = calleeName(arg as t.Node);
      return name !== corsLocal && !HARMLESS.test(name);
    });
  },
};

export const expressPlacement = middlewarePlacement('express', () => expressSpec);
