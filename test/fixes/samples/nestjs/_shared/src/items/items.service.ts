import { Injectable, NotFoundException } from '@nestjs/common';

export interface Item {
  id: number;
  name: string;
}

@Injectable()
export class ItemsService {
  private readonly items: Item[] = [
    { id: 1, name: 'Notebook' },
    { id: 2, name: 'Pencil' },
  ];

  findAll(): Item[] {
    return this.items;
  }

  create(name = 'untitled'): Item {
    const item = { id: this.items.length + 1, name };
    this.items.push(item);
    return item;
  }

  rename(id: number, name?: string): Item {
    const item = this.items.find((i) => i.id === id);
    if (!item) throw new NotFoundException('no such item');
    item.name = name ?? item.name;
    return item;
  }

  remove(id: number): void {
    const index = this.items.findIndex((i) => i.id === id);
    if (index === -1) throw new NotFoundException('no such item');
    this.items.splice(index, 1);
  }
}
