// Each button makes one real cross-origin fetch. When CORS blocks it, the page
// only sees "TypeError: Failed to fetch" — the inspector shows the real reason.
const api = window.DEMO_API_BASE;
document.getElementById('origin').textContent = location.origin;
document.getElementById('api').textContent = api;

const calls = {
  hello: () => fetch(`${api}/api/hello`),
  orders: () => fetch(`${api}/api/orders`),
  todo: () => fetch(`${api}/api/todos`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'Fix CORS' }),
  }),
  profile: () => {
    // A session cookie, so the credentialed call really carries credentials
    // (cookies are per host, not per port: localhost:4001 receives it).
    document.cookie = 'demo_session=42; path=/; SameSite=Lax';
    return fetch(`${api}/api/profile`, { credentials: 'include' });
  },
};

async function call(name) {
  const item = document.createElement('li');
  try {
    const res = await calls[name]();
    item.className = 'ok';
    item.textContent = `${name}: ${res.status} ${await res.text()}`;
  } catch (err) {
    item.className = 'blocked';
    item.textContent = `${name}: blocked — ${err.message} (see the CORS Inspector panel)`;
  }
  document.getElementById('log').prepend(item);
}

for (const name of Object.keys(calls)) {
  document.getElementById(name).addEventListener('click', () => call(name));
}
document.getElementById('all').addEventListener('click', async () => {
  for (const name of Object.keys(calls)) await call(name);
});
