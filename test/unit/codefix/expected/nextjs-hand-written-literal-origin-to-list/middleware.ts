import { NextResponse, type NextRequest } from "next/server";

const allowedOrigins = ["http://localhost:3000", "http://localhost:5173"];

const corsHeaders = {
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
};

export function middleware(request: NextRequest) {
  const origin = request.headers.get("origin");
  const corsHeadersForOrigin =
    origin !== null && allowedOrigins.includes(origin)
      ? { ...corsHeaders, "Access-Control-Allow-Origin": origin, Vary: "Origin" }
      : { ...corsHeaders, Vary: "Origin" };

  // Answer the preflight here: the route handlers have no OPTIONS.
  if (request.method === "OPTIONS") {
    return new NextResponse(null, { status: 204, headers: corsHeadersForOrigin });
  }
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(corsHeadersForOrigin)) {
    response.headers.set(name, value);
  }
  return response;
}

export const config = {
  matcher: "/api/:path*",
};
