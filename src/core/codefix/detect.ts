// Which framework serves the app: each plug-in scores the project (package.json
// dependencies count most, imports in source next); the best score wins, ties going to
// the more specific framework (registry order).
import type { FrameworkPlugin } from './plugin';
import type { Project } from './project';
import { FRAMEWORKS } from './registry';
import type { FrameworkId } from './types';

export interface Detection {
  framework: FrameworkId;
  score: number;
}

/** Every framework with a positive score, best first. */
export function detectFrameworks(project: Project, plugins: readonly FrameworkPlugin[] = FRAMEWORKS): Detection[] {
  return plugins
    .map((p, order) => ({ framework: p.framework, score: p.placement.detect(project), order }))
    .filter((d) => d.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ framework, score }) => ({ framework, score }));
}
