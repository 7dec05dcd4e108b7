import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors({
    origin: ['http://localhost:3000'],
    allowedHeaders: ['content-type'],
    credentials: true,
    maxAge: 600
  });
  await app.listen(process.env.PORT ?? 4000);
}
bootstrap();
