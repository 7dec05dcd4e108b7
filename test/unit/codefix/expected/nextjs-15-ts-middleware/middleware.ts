import { NextResponse, type NextRequest } from 'next/server';

const corsOrigins = ['http://localhost:3000'];

// CORS for the allowed origins only: preflights are answered here, before any route handler.
export function middleware(request: NextRequest) {
  const origin = request.headers.get('origin');
  const allowed = origin !== null && corsOrigins.includes(origin);
  if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {
    const preflight = new NextResponse(null, { status: 204 });
    preflight.headers.set('Vary', 'Origin');
    if (allowed) {
      preflight.headers.set('Access-Control-Allow-Origin', origin);
      preflight.headers.set('Access-Control-Allow-Credentials', 'true');
      preflight.headers.set('Access-Control-Allow-Methods', 'PUT');
      preflight.headers.set('Access-Control-Allow-Headers', 'content-type');
      preflight.headers.set('Access-Control-Max-Age', '600');
    }
    return preflight;
  }
  const response = NextResponse.next();
  response.headers.set('Vary', 'Origin');
  if (allowed) {
    response.headers.set('Access-Control-Allow-Origin', origin);
    response.headers.set('Access-Control-Allow-Credentials', 'true');
  }
  return response;
}

export const config = { matcher: '/api/:path*' };
