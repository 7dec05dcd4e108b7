// The browser Open Browser Through Inspector starts: found like the CLI's, attached over
// its DevTools pipe (no proxy, so HTTPS and remote APIs need no certificate), and, when
// it dies at once, a message that says why and what to do.
export { findBrowser, type BrowserChoice } from '../browser/find-browser';

export interface LaunchedBrowser {
  pid: number;
  executable: string;
  profileDir: string;
  /** Ends the browser and removes its temporary profile. */
  close(): void;
}

/** A browser that exits within this long of its launch, unasked, is reported as a failed start. */
export const EARLY_EXIT_MS = 10_000;

/** What to tell the user when the browser exited at once: its last words and the likely remedy. */
export function earlyExitMessage(executable: string, exit: { code: number | null; signal: string | null }, stderrTail: string[], seconds: number): string {
  const how = exit.signal ? `was killed (${exit.signal})` : `exited with code ${exit.code}`;
  const last = stderrTail.slice(-3).map((l) => l.trim()).filter(Boolean);
  const text = last.join(' ');
  let advice = 'Check the browser path in the corsInspector.browserPath setting, or run `cors-inspector browse --headless <url>` in a terminal to see its output.';
  if (/display|x server|ozone|wayland|gtk/i.test(text)) {
    advice = 'There is no display here: run `cors-inspector browse --headless <url>` in a terminal, or set corsInspector.browserPath to a browser that can open a window.';
  } else if (/no usable sandbox|setuid sandbox|--no-sandbox/i.test(text)) {
    advice = 'The browser\'s sandbox cannot start here: set corsInspector.browserPath to a wrapper that adds --no-sandbox, or use `cors-inspector browse --headless <url>`.';
  } else if (/ENOENT|EACCES|not found|permission denied/i.test(text)) {
    advice = 'The browser could not be started: set corsInspector.browserPath to a Chrome, Chromium or Edge executable.';
  }
  return `CORS Inspector: the browser (${executable}) ${how} ${seconds.toFixed(1)} s after it was started.${last.length ? ` Its last output: "${last.join(' | ')}".` : ' It printed nothing.'} ${advice}`;
}
