// An upstream may send a reason phrase Node refuses to write (a control byte:
// "HTTP/1.1 200 O\x01K"). The reason phrase means nothing to a browser, so the
// client gets the status code's standard phrase instead, and the record keeps
// the phrase that came and says what was replaced.
import { STATUS_CODES } from 'node:http';

// What Node's writeHead accepts in a reason phrase (its checkInvalidHeaderChar).
const INVALID_REASON_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

/** The first byte of the phrase Node would refuse to write, or -1 when it can be written. */
export function invalidReasonByte(reason: string): number {
  const m = INVALID_REASON_CHAR.exec(reason);
  return m === null ? -1 : reason.charCodeAt(m.index);
}

/** The standard phrase for a status code ('' for codes without one). */
export function standardReason(status: number): string {
  return STATUS_CODES[status] ?? '';
}

/** The record's note for a replaced phrase (the phrase itself is in the record's statusText). */
export function replacedReasonNote(status: number, byte: number): { code: string; message: string } {
  const hex = byte.toString(16).padStart(2, '0');
  return {
    code: 'EBADREASON',
    message: `the server's reason phrase contains the control byte 0x${hex}, which HTTP forbids; the client got "${status} ${standardReason(status)}" instead (status, headers and body unchanged)`,
  };
}
