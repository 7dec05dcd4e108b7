import { findItem, items } from "@/lib/items";

type Context = { params: Promise<{ id: string }> };

export async function PUT(request: Request, { params }: Context) {
  const item = findItem(Number((await params).id));
  if (!item) return Response.json({ error: "no such item" }, { status: 404 });
  const body = (await request.json()) as { name?: string };
  item.name = String(body.name ?? item.name);
  return Response.json(item);
}

export async function DELETE(_request: Request, { params }: Context) {
  const id = Number((await params).id);
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) return Response.json({ error: "no such item" }, { status: 404 });
  items.splice(index, 1);
  return new Response(null, { status: 204 });
}
