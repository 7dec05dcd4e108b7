#!/usr/bin/env node
// Demo API with a deliberately BROKEN CORS setup, for trying CORS Inspector.
// Plain Node `http`, no dependencies. Listens on 127.0.0.1:$API_PORT (3001).
//
// The front end (demo/web, http://localhost:5173) calls these routes through
// the inspector (http://localhost:4001 → this server). What goes wrong:
//   GET  /api/hello    correct CORS → passes (the baseline)
//   GET  /api/orders   allows a stale origin (http://localhost:3000) → AllowOriginMismatch
//   POST /api/todos    preflight allows POST but not the Content-Type header → blocked preflight
//   GET  /api/profile  credentialed call answered with `*` → wildcard not allowed with credentials
'use strict';
const http = require('http');

const PORT = Number(process.env.API_PORT) || 3001;
const FRONT_END = process.env.DEMO_WEB_ORIGIN || 'http://localhost:5173';

const todos = [{ id: 1, title: 'Find out why the browser blocks my POST' }];

function send(res, status, headers, body) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(text);
}

function readJson(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => { data += c; });
    req.on('end', () => { try { resolve(JSON.parse(data || '{}')); } catch { resolve({}); } });
  });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const route = `${req.method} ${url.pathname}`;
  console.log(`${new Date().toISOString()} ${route} origin=${req.headers.origin || '-'}`);

  switch (route) {
    case 'GET /api/hello':
      return send(res, 200, { 'Access-Control-Allow-Origin': FRONT_END, Vary: 'Origin' }, { message: 'Hello from the demo API' });

    case 'GET /api/orders':
      // BUG: the front end moved from port 3000 to 5173, this header never followed.
      return send(res, 200, { 'Access-Control-Allow-Origin': 'http://localhost:3000' }, [{ id: 7, total: 42 }]);

    case 'OPTIONS /api/todos':
      // BUG: a JSON POST sends `Content-Type: application/json`, which must be allowed here.
      res.writeHead(204, {
        'Access-Control-Allow-Origin': FRONT_END,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'X-Requested-With',
        'Access-Control-Max-Age': '5',
      });
      return res.end();

    case 'POST /api/todos': {
      const todo = { id: todos.length + 1, ...(await readJson(req)) };
      todos.push(todo);
      return send(res, 201, { 'Access-Control-Allow-Origin': FRONT_END }, todo);
    }

    case 'GET /api/todos':
      return send(res, 200, { 'Access-Control-Allow-Origin': FRONT_END }, todos);

    case 'GET /api/profile':
      // BUG: `*` cannot be used when the request carries credentials (cookies).
      return send(res, 200, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' }, { name: 'Demo User' });

    default:
      return send(res, 404, {}, { error: `no route ${route}` });
  }
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`demo API listening on http://127.0.0.1:${PORT} (allows ${FRONT_END}, badly)`);
});
