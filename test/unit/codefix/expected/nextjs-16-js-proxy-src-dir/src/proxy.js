import { NextResponse } from 'next/server'

const corsOrigins = ['http://localhost:3000']

// CORS for the allowed origins only: preflights are answered here, before any route handler.
export function proxy(request) {
  const origin = request.headers.get('origin')
  const allowed = origin !== null && corsOrigins.includes(origin)
  if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {
    const preflight = new NextResponse(null, { status: 204 })
    preflight.headers.set('Vary', 'Origin')
    if (allowed) {
      preflight.headers.set('Access-Control-Allow-Origin', origin)
      preflight.headers.set('Access-Control-Allow-Methods', 'DELETE')
      preflight.headers.set('Access-Control-Max-Age', '600')
    }
    return preflight
  }
  const response = NextResponse.next()
  response.headers.set('Vary', 'Origin')
  if (allowed) {
    response.headers.set('Access-Control-Allow-Origin', origin)
  }
  return response
}

export const config = { matcher: '/api/:path*' }
