// The vocabulary of a quick fix, shared by every framework and every shell
// (the CLI's `fix`, the editor's code actions, the panel's button). A fix is a
// list of plain text edits so that the CLI and the editor apply the very same
// change. Pure: no vscode, no I/O — callers hand in file texts and, for the
// tree-sitter languages, grammars they have loaded.
import type { ExchangeRecord } from '../exchange/types';

/** 0-based, as in VS Code and LSP; `character` counts UTF-16 code units. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One replacement in one file. `file` is workspace-relative with '/' separators. */
export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

/** A workspace file as the caller read it. `path` is workspace-relative with '/' separators. */
export interface SourceFile {
  path: string;
  text: string;
}

/** A place in the workspace (0-based), for Problems and for "open the code". */
export interface SourceLocation {
  file: string;
  line: number;
  character: number;
}

/**
 * The CORS a server must send, derived from what the browser really did.
 * Everything is exact: no patterns, no reflection, no `*` with credentials.
 */
export interface CorsPolicy {
  /** Serialized origins (`scheme://host[:port]`, no trailing slash), sorted, without duplicates. */
  origins: string[];
  /**
   * Methods preflights must be allowed: the non-safelisted methods the preflights asked for,
   * merged with the non-safelisted methods the code already allows (normalized, normally
   * upper-case); sorted. GET, HEAD and POST never need allowing, so they never appear.
   */
  methods: string[];
  /** Request headers the preflights asked for, merged with those the code already lists (lower-case), sorted. */
  allowHeaders: string[];
  /** Response headers scripts must be able to read (lower-case), sorted. */
  exposeHeaders: string[];
  /** Any flow carried credentials, or failed only for lack of them. */
  credentials: boolean;
  /** Access-Control-Max-Age in seconds (kept from the code, else a default). */
  maxAgeSeconds: number;
  /** A preflight asked for Private Network Access. */
  privateNetwork: boolean;
  /** `Vary: Origin` must be sent: true whenever the allowed origin is not `*`. */
  varyOrigin: boolean;
}

/** A rule a policy (or a configuration) breaks; a policy with any of these is never offered. */
export interface PolicyViolation {
  rule:
    | 'wildcard-with-credentials'
    | 'reflects-any-origin'
    | 'null-origin'
    | 'invalid-origin'
    | 'unanchored-pattern'
    | 'invalid-method'
    | 'invalid-header'
    | 'invalid-max-age'
    | 'missing-vary';
  message: string;
}

/** Every framework the quick fixes know, across languages. */
export type FrameworkId =
  | 'express'
  | 'fastify'
  | 'koa'
  | 'hono'
  | 'nestjs'
  | 'nextjs'
  | 'node-http'
  | 'flask'
  | 'fastapi'
  | 'django'
  | 'go-net-http'
  | 'go-rs-cors'
  | 'gin'
  | 'chi'
  | 'php'
  | 'laravel'
  | 'rack'
  | 'rails'
  | 'nginx'
  | 'apache'
  | 'spring'
  | 'aspnet';

/** Languages whose parser the caller may have to load before planning. */
export type SourceLanguage = 'javascript' | 'python' | 'go' | 'php' | 'ruby' | 'java' | 'csharp' | 'nginx' | 'apache';

/** A dependency a fix needs that the project's manifest lacks. */
export interface DependencyChange {
  manager: 'npm' | 'pip' | 'go' | 'composer' | 'bundler' | 'maven' | 'gradle' | 'nuget';
  name: string;
  version: string;
  /** The manifest the edits add it to (also listed in `edits`), if the fix edits one. */
  manifest?: string;
  /** What the user must run once, e.g. `npm install`. */
  installCommand: string;
}

/** One logical change, with the reason shown to the user (one line) and its edits. */
export interface PlannedChange {
  reason: string;
  edits: TextEdit[];
}

/** Why a failing exchange cannot be fixed by editing this server's code. */
export interface Unfixable {
  /** Record ids the reason applies to. */
  exchangeIds: string[];
  reason: string;
}

export type PlanStatus = 'fix' | 'nothing-to-fix' | 'unfixable';

export interface FixPlan {
  /** fix: `changes` holds edits. nothing-to-fix: no failing exchange, or the code already allows it. unfixable: see `unfixable`. */
  status: PlanStatus;
  framework: FrameworkId | null;
  /** The validated policy the edits implement (null when there was nothing to derive). */
  policy: CorsPolicy | null;
  /** What the quick fix is called, e.g. "Allow origin http://localhost:5173 with credentials". */
  title: string;
  changes: PlannedChange[];
  dependencies: DependencyChange[];
  unfixable: Unfixable[];
  /** Where CORS is configured (or where it will be): the line a Problem should point at. */
  location: SourceLocation | null;
}

/**
 * What to fix: by default every failing flow in the records. The editor narrows it to
 * the exchanges behind one Problem (passing flows are always kept passing).
 */
export interface FixFocus {
  /** Ids of failing records; their flows are the ones to fix. */
  exchangeIds?: string[];
}

/**
 * A parser the caller has loaded for a language the core cannot parse itself
 * (tree-sitter grammars for Python, Go, PHP, Ruby, Java, C#). The core never loads
 * WASM: the shell creates a parser with the language set and hands in `parse`.
 * The tree's type is the parser library's own (e.g. web-tree-sitter's `Tree`).
 */
export interface LoadedGrammar {
  parse(text: string): unknown;
}

export type Grammars = Partial<Record<SourceLanguage, LoadedGrammar>>;

/** Everything planFix needs; all of it handed in by the caller (no I/O in the core). */
export interface FixInput {
  /** Workspace files the caller read (see `filesToRead`), including manifests such as package.json. */
  files: SourceFile[];
  /** The recorded exchanges of one server (failing and passing). */
  records: ExchangeRecord[];
  /** Skip detection and use this framework. */
  framework?: FrameworkId;
  grammars?: Grammars;
  focus?: FixFocus;
}

/** Which workspace files the planner wants, and which parsers they need. */
export interface FileRequest {
  /** Workspace-relative paths, in the order given. */
  files: string[];
  /** Languages whose grammar the caller should load and pass as `grammars` (never 'javascript': the core parses JS/TS itself). */
  languages: SourceLanguage[];
}

/**
 * What a server's existing CORS code allows, as read from the source (framework
 * defaults filled in). Policies merge with it; generators compare against it.
 */
export interface AllowedCors {
  /** Exact origins; 'any' sends `*`; 'reflect' echoes every Origin; 'computed' cannot be read statically. */
  origins: string[] | 'any' | 'reflect' | 'computed';
  /** Methods allowed in preflights ('any' = `*` or every method reflected). */
  methods: string[] | 'any' | 'computed';
  /** Request headers: a list, or 'reflect' (echoes Access-Control-Request-Headers, the default of most middleware). */
  allowHeaders: string[] | 'reflect' | 'any' | 'computed';
  exposeHeaders: string[];
  credentials: boolean;
  maxAgeSeconds: number | null;
  privateNetwork: boolean;
}
