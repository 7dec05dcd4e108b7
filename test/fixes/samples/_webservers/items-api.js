// The items API (test/fixes/README.md) as the application behind nginx or Apache: plain
// node:http, no CORS of its own, since the web server in front of it is where these
// samples configure CORS. Listens on 127.0.0.1:$UPSTREAM_PORT.
'use strict';
const http = require('node:http');

const items = [
  { id: 1, name: 'Notebook' },
  { id: 2, name: 'Pencil' },
];

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function readJson(req) {
  return new Promise((resolve) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      try {
        resolve(data ? JSON.parse(data) : {});
      } catch {
        resolve({});
      }
    });
  });
}

/** The login page sets a `sid` cookie; a real app would look it up in a session store. */
function currentUser(cookie = '') {
  const sid = cookie.split(';').map((p) => p.trim()).find((p) => p.startsWith('sid='))?.slice(4);
  return sid === 'demo-session' ? { name: 'Ada' } : null;
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  const item = /^\/api\/items\/(\d+)$/.exec(pathname);
  if (pathname === '/api/items' && req.method === 'GET') return send(res, 200, items);
  if (pathname === '/api/items' && req.method === 'POST') {
    const body = await readJson(req);
    const created = { id: items.length + 1, name: String(body.name ?? 'untitled') };
    items.push(created);
    return send(res, 201, created);
  }
  if (item && req.method === 'PUT') {
    const found = items.find((i) => i.id === Number(item[1]));
    if (!found) return send(res, 404, { error: 'no such item' });
    const body = await readJson(req);
    found.name = String(body.name ?? found.name);
    return send(res, 200, found);
  }
  if (item && req.method === 'DELETE') {
    const index = items.findIndex((i) => i.id === Number(item[1]));
    if (index !== -1) items.splice(index, 1);
    res.writeHead(204);
    return res.end();
  }
  if (pathname === '/api/me' && req.method === 'GET') return send(res, 200, { user: currentUser(req.headers.cookie) });
  return send(res, req.method === 'OPTIONS' ? 405 : 404, { error: 'not found' });
});

server.listen(Number(process.env.UPSTREAM_PORT), '127.0.0.1');
