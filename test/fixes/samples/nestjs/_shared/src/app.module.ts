import { Module } from '@nestjs/common';
import { ItemsController } from './items/items.controller';
import { ItemsService } from './items/items.service';
import { MeController } from './me.controller';

@Module({
  controllers: [ItemsController, MeController],
  providers: [ItemsService],
})
export class AppModule {}
