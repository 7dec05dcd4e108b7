// The conformance scenarios as a page runs them by itself (no test driver in the
// browser): used to check `cors-inspector browse` against the whole set. Bundled with
// esbuild and served with its source map, so the records' initiators must come out
// as lines of THIS file. Each line that starts a request is marked `@initiator <kind>`.

interface PlannedScenario {
  id: string;
  url: string;
  method: string;
  headers: Array<[string, string]>;
  credentials: 'omit' | 'same-origin' | 'include';
  body?: string;
  initiator: 'fetch' | 'xhr' | 'img' | 'no-cors-img' | 'script' | 'style' | 'font';
  opaque: boolean;
  repeat: number;
}

const TIMEOUT_MS = 15000;

function settleAfter(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function runFetch(s: PlannedScenario): Promise<void> {
  const init: RequestInit = { method: s.method, headers: s.headers, credentials: s.credentials, mode: 'cors', signal: AbortSignal.timeout(TIMEOUT_MS) };
  if (s.body !== undefined) init.body = s.body;
  const response = await fetch(s.url, init); // @initiator fetch
  await response.arrayBuffer();
}

function runXhr(s: PlannedScenario): Promise<void> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(s.method, s.url);
    xhr.withCredentials = s.credentials === 'include';
    xhr.timeout = TIMEOUT_MS;
    for (const [name, value] of s.headers) xhr.setRequestHeader(name, value);
    xhr.onloadend = () => resolve();
    xhr.send(s.body ?? null); // @initiator xhr
  });
}

function runElement(s: PlannedScenario): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    setTimeout(done, TIMEOUT_MS);
    const crossOrigin = s.credentials === 'include' ? 'use-credentials' : 'anonymous';
    if (s.initiator === 'font') {
      const family = `f${s.id.replace(/[^a-z0-9]/gi, '')}`;
      const style = document.createElement('style');
      style.textContent = `@font-face { font-family: ${family}; src: url("${s.url}"); }`; // @initiator font
      document.head.appendChild(style);
      document.fonts.load(`16px ${family}`).then(done, done);
      return;
    }
    if (s.initiator === 'img' || s.initiator === 'no-cors-img') {
      const img = document.createElement('img');
      img.onload = done;
      img.onerror = done;
      if (s.initiator === 'img') img.crossOrigin = crossOrigin;
      img.src = s.url; // @initiator img
      return;
    }
    if (s.initiator === 'script') {
      const script = document.createElement('script');
      script.onload = done;
      script.onerror = done;
      script.crossOrigin = crossOrigin;
      script.src = s.url;
      document.body.appendChild(script); // @initiator script
      return;
    }
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.onload = done;
    link.onerror = done;
    link.crossOrigin = crossOrigin;
    link.href = s.url;
    document.head.appendChild(link); // @initiator style
  });
}

async function runOne(s: PlannedScenario): Promise<void> {
  for (let i = 0; i < Math.max(1, s.repeat); i++) {
    try {
      if (s.initiator === 'fetch') await runFetch(s);
      else if (s.initiator === 'xhr') await runXhr(s);
      else await runElement(s);
    } catch {
      // blocked or failed: the browser's events say why
    }
    // A repeated fetch must see the first one settle in the browser, as the oracle's runner does.
    if (s.repeat > 1) await settleAfter(50);
  }
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const run = params.get('run') ?? '';
  const inFrame = params.get('frame') === '1';
  const plan = (await (await fetch(`/browse-plan/${run}.json`)).json()) as PlannedScenario[];
  const mine = plan.filter((s) => s.opaque === inFrame);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < mine.length) await runOne(mine[next++]);
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  await fetch(`/browse-done/${run}/${inFrame ? 'frame' : 'page'}`, { mode: 'no-cors' });
}

void main();
