// Every framework the quick fixes know, most specific first (NestJS and Next.js apps
// also depend on Express or plain http, so they are asked before them).
import { definePlugin, type FrameworkPlugin } from './plugin';
import { expressPlacement } from './placement/express';
import { expressGenerator } from './generators/express';
import { fastifyPlacement } from './placement/fastify';
import { fastifyGenerator } from './generators/fastify';
import { koaPlacement } from './placement/koa';
import { koaGenerator } from './generators/koa';
import { honoPlacement } from './placement/hono';
import { honoGenerator } from './generators/hono';
import { nestPlacement } from './placement/nestjs';
import { nestGenerator } from './generators/nestjs';
import { nextPlacement } from './placement/nextjs';
import { nextGenerator } from './generators/nextjs';
import { nodeHttpPlacement } from './placement/node-http';
import { nodeHttpGenerator } from './generators/node-http';
import { djangoPlacement } from './placement/django';
import { djangoGenerator } from './generators/django';
import { fastapiPlacement } from './placement/fastapi';
import { fastapiGenerator } from './generators/fastapi';
import { flaskPlacement } from './placement/flask';
import { flaskGenerator } from './generators/flask';
import { phpPlacement } from './placement/php';
import { phpGenerator } from './generators/php';
import { rackPlacement } from './placement/rack';
import { rackGenerator } from './generators/rack';
import { railsPlacement } from './placement/rails';
import { railsGenerator } from './generators/rails';
import { laravelPlacement } from './placement/laravel';
import { laravelGenerator } from './generators/laravel';
import { aspnetPlacement } from './placement/aspnet';
import { aspnetGenerator } from './generators/aspnet';
import { springPlacement } from './placement/spring';
import { springGenerator } from './generators/spring';
import { nginxPlacement } from './placement/nginx';
import { nginxGenerator } from './generators/nginx';
import { apachePlacement } from './placement/apache';
import { apacheGenerator } from './generators/apache';
import { ginPlacement } from './placement/gin';
import { ginGenerator } from './generators/gin';
import { chiPlacement } from './placement/chi';
import { chiGenerator } from './generators/chi';
import { rsCorsPlacement } from './placement/go-rs-cors';
import { rsCorsGenerator } from './generators/go-rs-cors';
import { netHttpPlacement } from './placement/go-net-http';
import { netHttpGenerator } from './generators/go-net-http';
import type { FrameworkId } from './types';

export const FRAMEWORKS: readonly FrameworkPlugin[] = [
  definePlugin({ framework: 'nextjs', displayName: 'Next.js', aliases: ['next'] }, nextPlacement, nextGenerator),
  definePlugin({ framework: 'nestjs', displayName: 'NestJS', aliases: ['nest'] }, nestPlacement, nestGenerator),
  definePlugin({ framework: 'express', displayName: 'Express' }, expressPlacement, expressGenerator),
  definePlugin({ framework: 'fastify', displayName: 'Fastify' }, fastifyPlacement, fastifyGenerator),
  definePlugin({ framework: 'koa', displayName: 'Koa' }, koaPlacement, koaGenerator),
  definePlugin({ framework: 'hono', displayName: 'Hono' }, honoPlacement, honoGenerator),
  definePlugin({ framework: 'node-http', displayName: 'Node http', aliases: ['http', 'node'] }, nodeHttpPlacement, nodeHttpGenerator),
  definePlugin({ framework: 'django', displayName: 'Django (django-cors-headers)' }, djangoPlacement, djangoGenerator),
  definePlugin({ framework: 'fastapi', displayName: 'FastAPI', aliases: ['starlette'] }, fastapiPlacement, fastapiGenerator),
  definePlugin({ framework: 'flask', displayName: 'Flask' }, flaskPlacement, flaskGenerator),
  definePlugin({ framework: 'laravel', displayName: 'Laravel (config/cors.php)' }, laravelPlacement, laravelGenerator),
  definePlugin({ framework: 'php', displayName: 'PHP (header() calls)' }, phpPlacement, phpGenerator),
  definePlugin({ framework: 'rails', displayName: 'Rails (rack-cors)' }, railsPlacement, railsGenerator),
  definePlugin({ framework: 'rack', displayName: 'Rack (rack-cors)' }, rackPlacement, rackGenerator),
  definePlugin({ framework: 'spring', displayName: 'Spring Boot', aliases: ['spring-boot'] }, springPlacement, springGenerator),
  definePlugin({ framework: 'aspnet', displayName: 'ASP.NET Core', aliases: ['dotnet', 'asp.net'] }, aspnetPlacement, aspnetGenerator),
  definePlugin({ framework: 'nginx', displayName: 'nginx' }, nginxPlacement, nginxGenerator),
  definePlugin({ framework: 'apache', displayName: 'Apache httpd', aliases: ['httpd', 'apache2'] }, apachePlacement, apacheGenerator),
  definePlugin({ framework: 'gin', displayName: 'Gin (gin-contrib/cors)' }, ginPlacement, ginGenerator),
  definePlugin({ framework: 'chi', displayName: 'chi (go-chi/cors)', aliases: ['go-chi'] }, chiPlacement, chiGenerator),
  definePlugin({ framework: 'go-rs-cors', displayName: 'Go net/http with rs/cors', aliases: ['rs-cors', 'rs/cors'] }, rsCorsPlacement, rsCorsGenerator),
  definePlugin({ framework: 'go-net-http', displayName: 'Go net/http', aliases: ['net/http', 'go'] }, netHttpPlacement, netHttpGenerator),
];

/** The plug-in for an id or an alias given by the user (`--framework express`), case-insensitive. */
export function pluginFor(name: string): FrameworkPlugin | undefined {
  const n = name.toLowerCase();
  return FRAMEWORKS.find((p) => p.framework === n || (p.aliases ?? []).includes(n));
}

export function pluginById(id: FrameworkId): FrameworkPlugin | undefined {
  return FRAMEWORKS.find((p) => p.framework === id);
}
