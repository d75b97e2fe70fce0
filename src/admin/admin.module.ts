import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { JWT_ALGORITHM } from '../auth/strategies/jwt.strategy';
import type { Environment } from '../config/environment';
import { AdminNotificationsController } from '../notifications/admin-notifications.controller';
import { AdminNotificationsService } from '../notifications/admin-notifications.service';
import { QUEUES } from '../queues/queues';
import { UsersModule } from '../users/users.module';
import { QueueBoard } from './queue-board';

/**
 * Admin tools of the API process: the queue dashboard and the notifications' delivery desk. Apart from the
 * notifications module because those modules are also loaded by the CLI, which runs without Redis. Registers every
 * queue of the catalogue itself (one more Redis connection for a queue another module registered too), so a queue
 * added to the catalogue shows on the board without anyone remembering to.
 */
@Module({
  imports: [
    BullModule.registerQueue(
      { name: QUEUES.maintenance },
      { name: QUEUES.placements },
      { name: QUEUES.notifications },
      { name: QUEUES.reminders },
    ),
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        secret: config.getOrThrow('JWT_SECRET', { infer: true }),
        verifyOptions: {
          algorithms: [JWT_ALGORITHM],
          issuer: config.get('JWT_ISSUER', { infer: true }),
          audience: config.get('JWT_AUDIENCE', { infer: true }),
        },
      }),
    }),
    UsersModule,
  ],
  controllers: [AdminNotificationsController],
  providers: [AdminNotificationsService, QueueBoard],
})
export class AdminModule {}
