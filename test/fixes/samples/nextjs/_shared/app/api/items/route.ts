import { items } from "@/lib/items";

export async function GET() {
  return Response.json(items);
}

export async function POST(request: Request) {
  const body = (await request.json()) as { name?: string };
  const item = { id: items.length + 1, name: String(body.name ?? "untitled") };
  items.push(item);
  return Response.json(item, { status: 201 });
}
