// The splitter between the list and the detail: the share of the height the list
// gets, clamped so neither side disappears, and how the keyboard moves it.

export const DEFAULT_LIST_SHARE = 0.45;
/** Neither the list nor the detail gets less than this many pixels. */
export const MIN_PANE_PX = 80;

/** The list's share of `totalPx`, kept between MIN_PANE_PX for the list and for the detail. */
export function clampShare(share: number, totalPx: number): number {
  if (!Number.isFinite(share)) share = DEFAULT_LIST_SHARE;
  if (totalPx <= 2 * MIN_PANE_PX) return 0.5;
  const min = MIN_PANE_PX / totalPx;
  return Math.min(1 - min, Math.max(min, share));
}

/** The share a key moves the splitter to, or null for a key it ignores. */
export function shareForKey(key: string, share: number, totalPx: number, large: boolean): number | null {
  const step = large ? 0.2 : 0.05;
  switch (key) {
    case 'ArrowUp':
      return clampShare(share - step, totalPx);
    case 'ArrowDown':
      return clampShare(share + step, totalPx);
    case 'PageUp':
      return clampShare(share - 0.2, totalPx);
    case 'PageDown':
      return clampShare(share + 0.2, totalPx);
    case 'Home':
      return clampShare(0, totalPx);
    case 'End':
      return clampShare(1, totalPx);
    case 'Enter':
      return clampShare(DEFAULT_LIST_SHARE, totalPx);
    default:
      return null;
  }
}
