// Wire-level shapes shared by the engine, the recorder, the CLI and the extension.
// They hold exactly what crossed the wire: no vscode, no sockets, no I/O.

/** Header lines in the order they were seen, names with their original case. Repeats stay separate lines. */
export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

export interface WireRequest {
  method: string;
  /** Absolute URL of the request as the server was asked for it (scheme://host[:port]/path?query). */
  url: string;
  headers: HeaderList;
  httpVersion?: string;
}

export interface WireResponse {
  status: number;
  statusText?: string;
  headers: HeaderList;
  httpVersion?: string;
}

/** One request and its answer (or the failure that prevented an answer). */
export interface WireExchange {
  request: WireRequest;
  response: WireResponse | null;
  /** Set when no response came back (upstream down, reset, timeout...). */
  error?: { code: string; message: string } | null;
}
