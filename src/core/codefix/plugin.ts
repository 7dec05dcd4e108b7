// The framework plug-in interface. A framework is two halves, each in its own file:
// its placement (placement/<id>.ts: reads the project, finds the app, the existing CORS
// configuration and the failing route) and its generator (generators/<id>.ts: policy →
// edits in that framework's idiom). registry.ts lists them. Policy, plan and the edit
// model never change when a framework is added.
import type { Project } from './project';
import type {
  AllowedCors, CorsPolicy, DependencyChange, FrameworkId, PlannedChange, SourceLanguage, SourceLocation,
} from './types';

/** The request a fix is for (the first failing flow's actual request, or its preflight's). */
export interface RouteTarget {
  method: string;
  url: string;
  /** For a preflight: the method it asked about. */
  preflightFor?: string;
}

/** What a placement found. Frameworks extend it with what their generator needs. */
export interface Placement {
  framework: FrameworkId;
  /** The file and statement that create the app (or the request handler, or the config file). */
  app: SourceLocation | null;
  /** The existing CORS configuration (the middleware call, or the first hand-written header line). */
  cors: SourceLocation | null;
  /** What the code allows today; null when it has no CORS code. */
  allowed: AllowedCors | null;
  /** The failing route's handler, when found. */
  route: SourceLocation | null;
  /** The line that sets the failing header in hand-written code, when that is how CORS is done. */
  headerLine?: SourceLocation | null;
}

/** A placement that found nothing it can edit, and why. */
export interface NoPlacement {
  unfixable: string;
}

export interface FrameworkPlacement<P extends Placement = Placement> {
  readonly framework: FrameworkId;
  /** Parser language of this framework's files ('javascript' is parsed by the core itself). */
  readonly language: SourceLanguage;
  /** Whether the planner should read this workspace file (source or manifest) for this framework. */
  wantsFile(path: string): boolean;
  /** 0: not this framework; higher: more certain. A manifest dependency scores 10, an import in source 5. */
  detect(project: Project): number;
  /** Finds the app, its CORS configuration and the failing route's handler. */
  locate(project: Project, target: RouteTarget | null): P | NoPlacement;
}

export interface GeneratedFix {
  changes: PlannedChange[];
  dependencies: DependencyChange[];
  /** Set when the framework's code cannot be edited to implement the policy (e.g. an origin computed by a function). */
  unfixable?: string;
  /** The fix makes CORS answer before code that refused preflights (titles say so). */
  moved?: boolean;
}

export interface FrameworkGenerator<P extends Placement = Placement> {
  readonly framework: FrameworkId;
  /** The changes that make the code implement `policy`: none when it already does (idempotence). */
  generate(placement: P, policy: CorsPolicy, project: Project): GeneratedFix;
}

export interface FrameworkPlugin<P extends Placement = Placement> {
  readonly framework: FrameworkId;
  /** How the user names it on the command line (`--framework`), besides the id. */
  readonly aliases?: readonly string[];
  /** What to call it in messages. */
  readonly displayName: string;
  readonly placement: FrameworkPlacement<P>;
  readonly generator: FrameworkGenerator<P>;
}

export function isNoPlacement(p: Placement | NoPlacement): p is NoPlacement {
  return 'unfixable' in p;
}

/** A plug-in from its two halves (keeps the generic parameter tied between them). */
export function definePlugin<P extends Placement>(
  meta: { framework: FrameworkId; displayName: string; aliases?: string[] },
  placement: FrameworkPlacement<P>,
  generator: FrameworkGenerator<P>,
): FrameworkPlugin {
  return { ...meta, placement, generator } as unknown as FrameworkPlugin;
}
