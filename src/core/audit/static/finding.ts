// A static finding at a span of a file, worded from the catalog (the same words as the
// passive and active audits give for that id and severity).
import { rangeOf } from '../../codefix/edits';
import type { SourceFile } from '../../codefix/types';
import { CATALOG } from '../catalog';
import type { FindingId, Severity } from '../types';
import type { Repair, StaticFinding } from './types';

export interface FindingAt {
  id: FindingId;
  severity: Severity;
  /** Offsets of what Problems underlines. */
  start: number;
  end: number;
  title: string;
  credentials: boolean;
  repair: Repair | null;
}

export function staticFinding(file: SourceFile, f: FindingAt): StaticFinding {
  return {
    id: f.id,
    severity: f.severity,
    title: f.title,
    detail: CATALOG[f.id].gain[f.severity],
    fix: CATALOG[f.id].fix,
    file: file.path,
    range: rangeOf(file.text, f.start, f.end),
    repair: f.repair,
    credentials: f.credentials,
  };
}
