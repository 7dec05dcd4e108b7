import { NestFactory } from '@nestjs/core';
import { requireSession } from './session';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.use(requireSession);
  app.enableCors({ origin: 'http://localhost:5173', credentials: true });
  await app.listen(process.env.PORT ?? 3000, '127.0.0.1');
}
bootstrap();
