export type Item = { id: number; name: string };

export const items: Item[] = [
  { id: 1, name: "Notebook" },
  { id: 2, name: "Pencil" },
];

export function findItem(id: number): Item | undefined {
  return items.find((item) => item.id === id);
}
