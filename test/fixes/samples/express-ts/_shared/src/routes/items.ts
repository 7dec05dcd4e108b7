import { Router, type Request, type Response } from "express";
import { currentUser } from "../session";

interface Item {
  id: number;
  name: string;
}

const items: Item[] = [
  { id: 1, name: "Notebook" },
  { id: 2, name: "Pencil" },
];

export const itemsRouter = Router();

itemsRouter.get("/items", (_req: Request, res: Response) => {
  res.json(items);
});

itemsRouter.post("/items", (req: Request, res: Response) => {
  const item: Item = { id: items.length + 1, name: String(req.body?.name ?? "untitled") };
  items.push(item);
  res.status(201).json(item);
});

itemsRouter.put("/items/:id", (req: Request<{ id: string }>, res: Response) => {
  const item = items.find((i) => i.id === Number(req.params.id));
  if (!item) {
    res.status(404).json({ error: "no such item" });
    return;
  }
  item.name = String(req.body?.name ?? item.name);
  res.json(item);
});

itemsRouter.delete("/items/:id", (req: Request<{ id: string }>, res: Response) => {
  const index = items.findIndex((i) => i.id === Number(req.params.id));
  if (index === -1) {
    res.status(404).json({ error: "no such item" });
    return;
  }
  items.splice(index, 1);
  res.status(204).end();
});

itemsRouter.get("/me", (req: Request, res: Response) => {
  res.json({ user: currentUser(req.headers.cookie) });
});
