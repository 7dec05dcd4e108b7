// NestJS: `const app = await NestFactory.create(AppModule)` in main.ts; CORS is
// `app.enableCors(options)` (the cors package's options on the Express platform,
// @fastify/cors's on the Fastify one), or `NestFactory.create(AppModule, { cors })`.
import type * as t from '@babel/types';
import type { Project } from '../project';
import { bindingOf } from '../js/ast';
import { callSlot, middlewarePlacement, type MiddlewareSpec } from '../js/middleware-kit';
import { findProperty } from '../js/object-edit';
import { readLiteral } from '../js/literal';
import { semi } from '../js/style';
import { EXPRESS_CORS_DIALECT } from './express';
import { FASTIFY_CORS_DIALECT } from './fastify';

function createCall(init: t.Node, ast: t.File): t.CallExpression | null {
  const local = bindingOf(ast, ['@nestjs/core'])?.named.get('NestFactory');
  if (!local || init.type !== 'CallExpression') return null;
  const c = init.callee;
  return c.type === 'MemberExpression' && c.object.type === 'Identifier' && c.object.name === local && c.property.type === 'Identifier' && c.property.name === 'create' ? init : null;
}

function nestSpec(fastifyPlatform: boolean): MiddlewareSpec {
  return {
    framework: 'nestjs',
    displayName: 'NestJS',
    packages: ['@nestjs/core'],
    modules: ['@nestjs/core'],
    isApp: (init, ast) => createCall(init, ast) !== null,
    cors: { source: 'enableCors', local: 'enableCors', builtIn: true },
    dialect: fastifyPlatform ? FASTIFY_CORS_DIALECT : EXPRESS_CORS_DIALECT,
    registration(call, _corsLocal, scan) {
      return call.method === 'enableCors' ? callSlot(call.call, scan.ast) : null;
    },
    printRegistration(appName, _corsLocal, options, style) {
      return `${appName}.enableCors(${options})${semi(style)}`;
    },
    answersFirst: (call) => call.method === 'listen' || call.method === 'init' || call.method === 'use',
    creationSlot(scan) {
      const decl = scan.creation.type === 'VariableDeclaration' ? scan.creation.declarations[0] : null;
      const init = decl?.init?.type === 'AwaitExpression' ? decl.init.argument : decl?.init;
      const call = init ? createCall(init, scan.ast) : null;
      const opts = call?.arguments[1];
      if (!call || opts?.type !== 'ObjectExpression') return null;
      const prop = findProperty(opts, 'cors');
      if (!prop) return null;
      if (prop.value.type === 'ObjectExpression') return { node: call, slot: { kind: 'object', node: prop.value } };
      const v = readLiteral(prop.value, scan.ast);
      return { node: call, slot: v.kind === 'boolean' || v.kind === 'string' ? { kind: 'literal', node: prop.value, value: v } : { kind: 'computed', node: prop.value } };
    },
  };
}

export function nestSpecFor(project: Project): MiddlewareSpec {
  return nestSpec(project.hasDependency('@nestjs/platform-fastify'));
}

export const nestPlacement = middlewarePlacement('nestjs', nestSpecFor);
