import { Module } from '@nestjs/common';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DemoSeed } from './demo/demo-seed';
import { InvitationsModule } from './invitations/invitations.module';
import { UsersModule } from './users/users.module';

/** What the command-line tasks need: the database and the services that own the rules, no HTTP or queues. */
@Module({
  imports: [AppConfigModule, DatabaseModule, UsersModule, InvitationsModule],
  providers: [DemoSeed],
})
export class CliModule {}
