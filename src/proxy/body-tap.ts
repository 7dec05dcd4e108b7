// Watches a body stream go by: counts every byte, keeps only the first `limit`.
// The rest is never held, so a 50 MB download costs no more memory than a 50 B one.
import type { CapturedBody } from '../core/exchange/capture';

// Zero-length, so sharing it between captures is safe.
const EMPTY = Buffer.alloc(0);

export class BodyTap {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  size = 0;

  constructor(private readonly limit: number) {}

  /** Bound as a 'data' listener, hence an arrow function. */
  readonly onData = (chunk: Buffer): void => {
    this.size += chunk.length;
    const room = this.limit - this.kept;
    if (room <= 0) return;
    // Always copy: a chunk is often a view into a much larger socket buffer, which a
    // kept reference would pin in memory for as long as the capture lives.
    const piece = Buffer.from(chunk.subarray(0, Math.min(room, chunk.length)));
    this.chunks.push(piece);
    this.kept += piece.length;
  };

  result(): CapturedBody {
    if (this.kept === 0) return { size: this.size, preview: EMPTY, truncated: this.size > 0 };
    const preview = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.kept);
    return { size: this.size, preview, truncated: this.size > this.kept };
  }
}

export function emptyBody(): CapturedBody {
  return { size: 0, preview: Buffer.alloc(0), truncated: false };
}
