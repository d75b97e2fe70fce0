import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createFastifyAdapter } from './app.setup';
import { stopGracefullyOnSignals } from './common/process/graceful-stop';
import type { Environment } from './config/environment';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(), { bufferLogs: true });
  await configureApp(app);
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  if (!process.env.JWT_SECRET) {
    console.warn('JWT_SECRET is not set: using a random one for this process; sessions end when it stops.');
  }
  stopGracefullyOnSignals(app, () => app.getHttpAdapter().close());
  await app.listen({ port: config.get('PORT', { infer: true }), host: config.get('HOST', { infer: true }) });
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
