// Every framework the quick fixes know, most specific first (NestJS and Next.js apps
// also depend on Express or plain http, so they are asked before them).
import { definePlugin, type FrameworkPlugin } from './plugin';
import { expressPlacement } from './placement/express';
import { expressGenerator } from './generators/express';
import type { FrameworkId } from './types';

export const FRAMEWORKS: readonly FrameworkPlugin[] = [
  definePlugin({ framework: 'express', displayName: 'Express' }, expressPlacement, expressGenerator),
];

/** The plug-in for an id or an alias given by the user (`--framework express`), case-insensitive. */
export function pluginFor(name: string): FrameworkPlugin | undefined {
  const n = name.toLowerCase();
  return FRAMEWORKS.find((p) => p.framework === n || (p.aliases ?? []).includes(n));
}

export function pluginById(id: FrameworkId): FrameworkPlugin | undefined {
  return FRAMEWORKS.find((p) => p.framework === id);
}
