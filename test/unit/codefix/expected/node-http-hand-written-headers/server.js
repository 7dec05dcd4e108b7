'use strict';
const http = require('http');
const FRONT_END = process.env.WEB_ORIGIN || 'http://localhost:5173';

function send(res, status, headers, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const corsOrigins = ['http://localhost:3000', 'http://localhost:5173'];

// CORS for the allowed origins only; answers their preflights (returns true then).
function applyCors(req, res) {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  if (!origin || !corsOrigins.includes(origin)) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) return false;
  res.setHeader('Access-Control-Allow-Methods', 'PUT');
  res.setHeader('Access-Control-Allow-Headers', 'content-type');
  res.setHeader('Access-Control-Max-Age', '5');
  res.writeHead(204);
  res.end();
  return true;
}

const server = http.createServer(async (req, res) => {
  if (applyCors(req, res)) return;
  const route = `${req.method} ${new URL(req.url, 'http://x').pathname}`;
  switch (route) {
    case 'GET /api/hello':
      return send(res, 200, { Vary: 'Origin' }, { hello: 1 });
    case 'GET /api/items':
      return send(res, 200, {}, []);
    case 'OPTIONS /api/items':
      res.writeHead(204, {});
      return res.end();
    case 'GET /api/profile':
      return send(res, 200, {}, { name: 'me' });
    default:
      return send(res, 404, {}, { error: route });
  }
});

server.listen(3001, '127.0.0.1');
