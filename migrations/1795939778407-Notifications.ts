import { MigrationInterface, QueryRunner } from 'typeorm';

/** The notification outbox and inbox, and users' notification preferences (muted e-mail reminders, webhook). */
export class Notifications1795939778407 implements MigrationInterface {
  name = 'Notifications1795939778407';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."notification_type" AS ENUM('invitation', 'matching_run_finished', 'placement_proposed', 'placement_accepted', 'placement_declined', 'placement_confirmed', 'placement_cancelled', 'departure_reminder', 'log_reminder', 'report_due', 'report_overdue', 'milestone_due', 'checklist_due', 'checklist_overdue')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_channel_status" AS ENUM('pending', 'sending', 'sent', 'failed', 'skipped')`,
    );
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient_user_id" uuid, "recipient_email" text, "locale" "public"."locale" NOT NULL, "type" "public"."notification_type" NOT NULL, "subject_type" text NOT NULL, "subject_id" uuid, "title" text NOT NULL, "body" text NOT NULL, "email_status" "public"."notification_channel_status" NOT NULL, "email_attempts" integer NOT NULL DEFAULT '0', "email_last_error" text, "email_sent_at" TIMESTAMP WITH TIME ZONE, "webhook_status" "public"."notification_channel_status" NOT NULL DEFAULT 'skipped', "webhook_attempts" integer NOT NULL DEFAULT '0', "webhook_last_error" text, "webhook_sent_at" TIMESTAMP WITH TIME ZONE, "claimed_at" TIMESTAMP WITH TIME ZONE, "dedupe_key" text, "relayed_at" TIMESTAMP WITH TIME ZONE, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e68bb08c5a4e81fbfa59a99609" ON "notifications"  ("email_status") `);
    await queryRunner.query(`CREATE INDEX "IDX_ce3dc1092f38b23cb9d44df70a" ON "notifications"  ("webhook_status") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_notifications_unrelayed" ON "notifications"  ("created_at") WHERE "relayed_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_notifications_dedupe_key" ON "notifications"  ("dedupe_key") WHERE "dedupe_key" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_909ef44693d6971edbabb5ccc0" ON "notifications"  ("recipient_user_id", "created_at") `,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "muted_email_types" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "users" ADD "webhook_url" text`);
    await queryRunner.query(`ALTER TABLE "users" ADD "webhook_secret" text`);
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_2726bde496d82b6401532ab1477" FOREIGN KEY ("recipient_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_2726bde496d82b6401532ab1477"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "webhook_secret"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "webhook_url"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "muted_email_types"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_909ef44693d6971edbabb5ccc0"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_notifications_dedupe_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notifications_unrelayed"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ce3dc1092f38b23cb9d44df70a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e68bb08c5a4e81fbfa59a99609"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP TYPE "public"."notification_channel_status"`);
    await queryRunner.query(`DROP TYPE "public"."notification_type"`);
  }
}
