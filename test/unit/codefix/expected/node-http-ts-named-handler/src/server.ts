import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

function handle(request: IncomingMessage, response: ServerResponse) {
  if (applyCors(request, response)) return
  response.end('ok')
}

const corsOrigins = ['http://localhost:3000']

// CORS for the allowed origins only; answers their preflights (returns true then).
function applyCors(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): boolean {
  const origin = req.headers.origin
  res.setHeader('Vary', 'Origin')
  if (!origin || !corsOrigins.includes(origin)) return false
  res.setHeader('Access-Control-Allow-Origin', origin)
  if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) return false
  res.setHeader('Access-Control-Max-Age', '600')
  res.writeHead(204)
  res.end()
  return true
}

createServer(handle).listen(4000)
