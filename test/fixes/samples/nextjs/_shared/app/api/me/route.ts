import { cookies } from "next/headers";
import { userForSession } from "@/lib/session";

export async function GET() {
  const sid = (await cookies()).get("sid")?.value;
  return Response.json({ user: userForSession(sid) });
}
