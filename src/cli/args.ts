// A small argv parser: long flags only ("--port 8080" or "--port=8080"),
// repeatable flags collect into lists, anything else is a positional.
export class UsageError extends Error {}

export type FlagKind = 'string' | 'list' | 'boolean';

export interface ParsedArgs {
  flags: Map<string, string | string[] | boolean>;
  positionals: string[];
}

export function parseArgs(argv: string[], spec: Record<string, FlagKind>): ParsedArgs {
  const flags = new Map<string, string | string[] | boolean>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option "${arg}" (options are spelled --name; see --help)`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option "--${name}" (see --help)`);
    if (kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UsageError(`option --${name} needs a value`);
      value = argv[++i];
    }
    if (kind === 'list') {
      const list = (flags.get(name) as string[] | undefined) ?? [];
      list.push(value);
      flags.set(name, list);
    } else {
      if (flags.has(name)) throw new UsageError(`option --${name} was given twice`);
      flags.set(name, value);
    }
  }
  return { flags, positionals };
}

/** An integer flag within [min, max], or `fallback` when absent. */
export function intFlag(args: ParsedArgs, name: string, min: number, max: number, fallback?: number): number | undefined {
  const raw = args.flags.get(name);
  if (raw === undefined) return fallback;
  const text = String(raw);
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}
