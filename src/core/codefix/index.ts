// The public face of quick fixes, for the CLI, the editor and the other language plug-ins.
export * from './types';
export { planFix, filesToRead, corsLocation } from './plan';
export { derivePolicy, buildPolicy, DEFAULT_MAX_AGE_SECONDS, type PolicyResult } from './policy';
export { validatePolicy, originProblem, MAX_AGE_LIMIT } from './policy-rules';
export { proveFlow, policyHeaders, flowUnderPolicy } from './proof';
export { flowsOf, type EvidenceFlow } from './evidence';
export { applyEdits, applyEditsToFiles, positionAt, offsetAt } from './edits';
export { unifiedDiff } from './diff';
export { fixTitle } from './title';
export { shortfall, needsChange, type Shortfall } from './allowance';
export { detectFrameworks, type Detection } from './detect';
export { FRAMEWORKS, pluginFor, pluginById } from './registry';
export { Project } from './project';
export type { FrameworkPlugin, FrameworkPlacement, FrameworkGenerator, Placement, NoPlacement, GeneratedFix, RouteTarget } from './plugin';
export { definePlugin, isNoPlacement } from './plugin';
