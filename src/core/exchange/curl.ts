// A curl command that sends the recorded request again, safe to paste into a
// POSIX shell: every argument is single-quoted, so nothing in a URL, header or
// body is expanded by the shell.
import { isPrintableText } from './records';
import type { ExchangeRecord } from './types';

/** Quotes one argument for sh/bash/zsh. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_\-.,:/@%+=]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

// curl computes these itself from the URL and the body; sending the recorded
// ones again would be wrong once the body or connection differs.
const SKIPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive', 'proxy-connection']);

export function toCurl(record: ExchangeRecord): string {
  const { method, url, headers, body } = record.request;
  const args: string[] = ['curl'];
  let prefix = '';
  let note = '';

  // --globoff: [] and {} in URLs are literal; --path-as-is: keep /../ as recorded.
  args.push('--globoff', '--path-as-is');
  if (method === 'HEAD') args.push('--head');
  else if (method !== 'GET' || (body && body.size > 0)) args.push('-X', shellQuote(method));
  args.push(shellQuote(url));

  for (const [name, value] of headers) {
    if (name.startsWith(':') || SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    // "Name;" is curl's way to send a header with an empty value.
    args.push('-H', shellQuote(value === '' ? `${name};` : `${name}: ${value}`));
  }

  if (body && body.size > 0) {
    const bytes = body.preview ? Buffer.from(body.preview, 'base64') : Buffer.alloc(0);
    if (isPrintableText(bytes)) {
      args.push('--data-binary', shellQuote(bytes.toString('utf8')));
    } else {
      // Binary bodies travel through base64 so the command stays plain text.
      prefix = `printf %s ${shellQuote(bytes.toString('base64'))} | base64 -d | `;
      args.push('--data-binary', '@-');
    }
    if (body.truncated || bytes.length < body.size) {
      note = ` # body truncated: ${bytes.length} of ${body.size} bytes were recorded`;
    }
  }
  return prefix + args.join(' ') + note;
}
