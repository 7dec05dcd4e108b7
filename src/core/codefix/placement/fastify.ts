// Fastify: `const app = Fastify()` (or `require('fastify')()`); CORS is the
// @fastify/cors plugin: `app.register(cors, options)`.
import type * as t from '@babel/types';
import { bindingOf, requiredModule } from '../js/ast';
import { callSlot, middlewarePlacement, type MiddlewareSpec } from '../js/middleware-kit';
import type { CorsDialect } from '../js/cors-options';
import { semi } from '../js/style';

export const FASTIFY_CORS_DIALECT: CorsDialect = {
  origin: 'origin',
  methods: 'methods',
  allowHeaders: 'allowedHeaders',
  exposeHeaders: 'exposedHeaders',
  credentials: 'credentials',
  maxAge: 'maxAge',
  privateNetwork: null,
  // @fastify/cors 10 and later allow only the safelisted methods by default.
  defaultMethods: ['GET', 'HEAD', 'POST'],
  originList: true,
  originTrueReflects: true,
  credentialsEchoWildcard: false,
};

const ROUTES = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all', 'route'];
const AUTH_HOOKS = ['onRequest', 'preParsing', 'preValidation', 'preHandler'];

/** `cors`, `require('@fastify/cors')` or `import('@fastify/cors')` as the plugin argument. */
function isCorsPlugin(node: t.Node | undefined, corsLocal: string): boolean {
  if (!node) return false;
  if (node.type === 'Identifier') return node.name === corsLocal;
  if (requiredModule(node) === '@fastify/cors') return true;
  const inner = node.type === 'AwaitExpression' ? node.argument : node;
  return inner.type === 'ImportExpression' ? inner.source.type === 'StringLiteral' && inner.source.value === '@fastify/cors'
    : inner.type === 'CallExpression' && inner.callee.type === 'Import' && inner.arguments[0]?.type === 'StringLiteral' && inner.arguments[0].value === '@fastify/cors';
}

export const fastifySpec: MiddlewareSpec = {
  framework: 'fastify',
  displayName: 'Fastify',
  packages: ['fastify'],
  modules: ['fastify'],
  isApp(init, ast) {
    if (init.type !== 'CallExpression') return false;
    // require('fastify')(options): the factory called at once (not the bare require).
    if (init.callee.type === 'CallExpression' && requiredModule(init.callee) === 'fastify') return true;
    const b = bindingOf(ast, ['fastify']);
    const names = [b?.local, b?.named.get('fastify'), b?.named.get('default')].filter(Boolean);
    return init.callee.type === 'Identifier' && names.includes(init.callee.name);
  },
  cors: { source: '@fastify/cors', local: 'cors', version: '^11.0.0' },
  dialect: FASTIFY_CORS_DIALECT,
  registration(call, corsLocal, scan) {
    if (call.method !== 'register' || !isCorsPlugin(call.call.arguments[0] as t.Node, corsLocal)) return null;
    return callSlot(call.call, scan.ast, 1);
  },
  printRegistration(appName, corsLocal, options, style, scan) {
    const awaited = scan.calls.some((c) => c.method === 'register' && c.statement.type === 'ExpressionStatement' && c.statement.expression.type === 'AwaitExpression');
    return `${awaited ? 'await ' : ''}${appName}.register(${corsLocal}, ${options})${semi(style)}`;
  },
  answersFirst(call, corsLocal) {
    if (ROUTES.includes(call.method)) return true;
    if (call.method === 'addHook') {
      const name = call.call.arguments[0];
      return name?.type === 'StringLiteral' && AUTH_HOOKS.includes(name.value);
    }
    if (call.method === 'register') return !isCorsPlugin(call.call.arguments[0] as t.Node, corsLocal ?? '');
    return false;
  },
};

export const fastifyPlacement = middlewarePlacement('fastify', () => fastifySpec);
