// Turns a failed upstream exchange into what the client gets (502/504 with a
// one-line reason naming the target) and what the capture records.

export interface UpstreamFailure {
  status: 403 | 502 | 504;
  code: string;
  message: string;
}

const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused — is the server running on that port?',
  ECONNRESET: 'the connection was reset before a complete response arrived',
  EPIPE: 'the server closed the connection while the request was being sent',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  HPE_INVALID_CONSTANT: 'the server sent a response that is not valid HTTP',
  HPE_HEADER_OVERFLOW: "the server's response head is larger than the proxy reads (Node's 16 KiB header limit); it is refused rather than judged on part of its headers",
  HPE_INVALID_CHUNK_SIZE: "the server's chunked body has an invalid chunk size",
  HPE_INVALID_TRANSFER_ENCODING: "the server's Transfer-Encoding cannot be framed",
  HPE_UNEXPECTED_CONTENT_LENGTH: 'the server sent both Content-Length and Transfer-Encoding',
  HPE_INVALID_CONTENT_LENGTH: "the server's Content-Length is not a valid length",
};

export function describeUpstreamFailure(err: NodeJS.ErrnoException, target: string, timeoutMs?: number): UpstreamFailure {
  if (err.code === 'ETIMEDOUT' && timeoutMs !== undefined) {
    return {
      status: 504,
      code: 'ETIMEDOUT',
      message: `no response from ${target} within ${timeoutMs} ms (upstream timeout)`,
    };
  }
  const code = err.code ?? 'EUPSTREAM';
  // Forward mode's lookup refused the address a name resolved to (forward-lookup.ts).
  if (code === 'EFORBIDDEN') return { status: 403, code, message: err.message };
  const cause = CAUSES[code] ?? (err.message || 'the upstream request failed');
  const status = code === 'ETIMEDOUT' ? 504 : 502;
  return { status, code, message: `could not get a response from ${target} (${code}): ${cause}` };
}

/** A response that broke off after its head went to the client: what the record says. */
export function describeBrokenResponse(err: NodeJS.ErrnoException, target: string): { code: string; message: string } {
  const code = err.code ?? 'EUPSTREAM';
  const cause = CAUSES[code] ?? (err.message || 'the upstream response failed');
  return { code, message: `the response from ${target} broke off after its head: ${code}: ${cause}; the client's response was cut off there` };
}
