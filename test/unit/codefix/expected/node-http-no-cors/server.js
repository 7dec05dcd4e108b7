const http = require('http');

const corsOrigins = ['http://localhost:3000'];

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
  res.setHeader('Access-Control-Max-Age', '600');
  res.writeHead(204);
  res.end();
  return true;
}

const server = http.createServer((req, res) => {
  if (applyCors(req, res)) return;
  if (req.url === '/api/items') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end('[]');
  }
  res.writeHead(404);
  res.end();
});

server.listen(4000);
