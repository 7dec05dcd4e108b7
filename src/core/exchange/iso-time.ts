// Timestamps of records as ISO 8601 text. Formatting a Date is slow next to the
// rest of recording an exchange, and exchanges arrive many per second, so each
// formatter keeps the text of the last second (and millisecond) it formatted.

export class IsoTimeFormatter {
  private second = NaN;
  private prefix = '';
  private lastMsec = NaN;
  private last = '';

  /** Same as new Date(epochMs).toISOString() for whole milliseconds. */
  format(epochMs: number): string {
    const msec = Math.floor(epochMs);
    // Several exchanges often start in the same millisecond: they share the text.
    if (msec === this.lastMsec) return this.last;
    const second = Math.floor(msec / 1000);
    if (second !== this.second || !Number.isFinite(second)) {
      const full = new Date(second * 1000).toISOString(); // "YYYY-MM-DDTHH:MM:SS.000Z" (or ±YYYYYY-…)
      this.second = second;
      this.prefix = full.slice(0, -4);
    }
    const frac = msec - second * 1000;
    this.lastMsec = msec;
    this.last = `${this.prefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
    return this.last;
  }
}
