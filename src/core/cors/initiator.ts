// What kind of page feature made a request, and how Chromium's console names it.
// The wire shows the destination (Sec-Fetch-Dest) and the mode (Sec-Fetch-Mode); the
// browser itself (CDP's resource type) knows more, e.g. fetch() from XMLHttpRequest,
// which both send `Sec-Fetch-Dest: empty`.
import type { WireRequest } from '../http/types';
import { getHeader } from '../http/headers';

export type InitiatorKind =
  | 'fetch'
  | 'xhr'
  | 'image'
  | 'script'
  | 'style'
  | 'font'
  | 'audio'
  | 'video'
  | 'track'
  | 'other';

export interface Initiator {
  kind: InitiatorKind;
  /** False when the wire allows more than one kind (fetch or XMLHttpRequest); `kind` is then the likelier one. */
  certain: boolean;
  /** Sec-Fetch-Dest as sent, when it was. */
  destination?: string;
}

/** "Access to <name> at …": Chromium 156's words, measured per destination. */
const CONSOLE_NAMES: Record<InitiatorKind, string> = {
  fetch: 'fetch',
  xhr: 'XMLHttpRequest',
  image: 'image',
  script: 'script',
  style: 'CSS stylesheet',
  font: 'font',
  audio: 'audio',
  video: 'video',
  track: 'text track',
  // Not measured (no other destination reaches a CORS check in the suite): a neutral word.
  other: 'resource',
};

const BY_DESTINATION: Record<string, InitiatorKind> = {
  image: 'image',
  script: 'script',
  style: 'style',
  font: 'font',
  audio: 'audio',
  video: 'video',
  track: 'track',
};

export function consoleName(kind: InitiatorKind): string {
  return CONSOLE_NAMES[kind];
}

/** What the element or API is called in advice to the developer. */
export function initiatorLabel(kind: InitiatorKind): string {
  switch (kind) {
    case 'fetch': return 'fetch()';
    case 'xhr': return 'XMLHttpRequest';
    case 'image': return '<img crossorigin>';
    case 'script': return '<script crossorigin>';
    case 'style': return '<link rel=stylesheet crossorigin>';
    case 'font': return '@font-face';
    case 'audio': return '<audio crossorigin>';
    case 'video': return '<video crossorigin>';
    case 'track': return '<track>';
    default: return 'the request';
  }
}

/** The initiator as far as the wire tells it (a preflight carries its request's Sec-Fetch-Dest). */
export function initiatorFromWire(req: WireRequest): Initiator {
  const destination = getHeader(req.headers, 'sec-fetch-dest')?.toLowerCase() ?? undefined;
  if (destination !== undefined && BY_DESTINATION[destination]) return { kind: BY_DESTINATION[destination], certain: true, destination };
  if (destination === undefined || destination === 'empty') {
    // jQuery marks its XHRs; nothing else on the wire tells fetch() from XMLHttpRequest.
    const xrw = getHeader(req.headers, 'x-requested-with');
    if (xrw !== null && xrw.toLowerCase() === 'xmlhttprequest') return { kind: 'xhr', certain: true, destination };
    return { kind: 'fetch', certain: false, destination };
  }
  return { kind: 'other', certain: false, destination };
}

/** CDP Network.ResourceType → initiator kind (the browser's own word, so certain). */
export function initiatorFromResourceType(type: string | undefined, destination?: string): Initiator {
  switch (type) {
    case 'Fetch': return { kind: 'fetch', certain: true, destination };
    case 'XHR': return { kind: 'xhr', certain: true, destination };
    case 'Image': return { kind: 'image', certain: true, destination };
    case 'Script': return { kind: 'script', certain: true, destination };
    case 'Stylesheet': return { kind: 'style', certain: true, destination };
    case 'Font': return { kind: 'font', certain: true, destination };
    case 'TextTrack': return { kind: 'track', certain: true, destination };
    case 'Media': return { kind: destination === 'audio' ? 'audio' : 'video', certain: destination === 'audio' || destination === 'video', destination };
    default: return { kind: 'other', certain: false, destination };
  }
}

/** Only fetch() appends "Have the server send the header with a valid value." (measured). */
export function addsServerAdvice(kind: InitiatorKind): boolean {
  return kind === 'fetch';
}
