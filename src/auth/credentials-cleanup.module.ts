import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '../queues/queues';
import { CredentialsCleanupProcessor } from './credentials-cleanup.processor';

/** Worker side of the auth module: the periodic purge of dead tokens and invitations. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.maintenance })],
  providers: [CredentialsCleanupProcessor],
})
export class CredentialsCleanupModule {}
