import { strict as assert } from 'node:assert';
import { IsoTimeFormatter } from '../../../src/core/exchange/iso-time';

describe('IsoTimeFormatter', () => {
  it('formats like Date#toISOString, reusing the second it saw last', () => {
    const base = Date.UTC(2026, 10, 22, 18, 59, 59);
    const times = [base, base + 1, base + 9, base + 10, base + 99, base + 100, base + 999, base + 1000, base + 1001, base - 1, base - 1000, 0, 999, -1, -1500, 1_000.7, 86_400_000 * 365 * 300];
    // Twice over, so both the fresh and the remembered-second paths are taken for each.
    const time = new IsoTimeFormatter();
    for (const t of [...times, ...times]) assert.equal(time.format(t), new Date(Math.floor(t)).toISOString(), String(t));
  });
});
