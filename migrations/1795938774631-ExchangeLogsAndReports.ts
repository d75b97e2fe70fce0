import { MigrationInterface, QueryRunner } from 'typeorm';

/** Exchange logs and participant reports. */
export class ExchangeLogsAndReports1795938774631 implements MigrationInterface {
  name = 'ExchangeLogsAndReports1795938774631';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."exchange_activity_type" AS ENUM('meeting', 'training', 'field_visit', 'workshop', 'research', 'event', 'other')`,
    );
    await queryRunner.query(
      `CREATE TABLE "exchange_logs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "placement_id" uuid NOT NULL, "logged_on" date NOT NULL, "hours" numeric(4,2) NOT NULL, "activity_type" "public"."exchange_activity_type" NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "learning_outcomes" text NOT NULL DEFAULT '', "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_exchange_logs_hours" CHECK ("hours" >= 0.5 AND "hours" <= 16), CONSTRAINT "PK_1ddd45e0e43fe38b5fd4d71a661" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e05c632e0f12381da85aa1b24a" ON "exchange_logs"  ("activity_type") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_d2d168b97efae3264e00b89c28" ON "exchange_logs"  ("placement_id", "logged_on") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."report_kind" AS ENUM('midterm', 'final')`);
    await queryRunner.query(`CREATE TYPE "public"."report_status" AS ENUM('due', 'submitted', 'accepted', 'returned')`);
    await queryRunner.query(
      `CREATE TABLE "participant_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "placement_id" uuid NOT NULL, "kind" "public"."report_kind" NOT NULL, "due_on" date NOT NULL, "status" "public"."report_status" NOT NULL DEFAULT 'due', "answers" jsonb NOT NULL DEFAULT '[]', "submitted_at" TIMESTAMP WITH TIME ZONE, "reviewed_at" TIMESTAMP WITH TIME ZONE, "reviewed_by_id" uuid, "review_comment" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9eeb9750c137737b18b0855e9a0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3200472b5fc47445512bd79af7" ON "participant_reports"  ("due_on") `);
    await queryRunner.query(`CREATE INDEX "IDX_ad6c47919ee5a0bd67285bab07" ON "participant_reports"  ("status") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_participant_reports_placement_kind" ON "participant_reports"  ("placement_id", "kind") `,
    );
    await queryRunner.query(
      `ALTER TABLE "exchange_logs" ADD CONSTRAINT "FK_92c3454aaae21b37515f9d0ad9c" FOREIGN KEY ("placement_id") REFERENCES "placements"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "participant_reports" ADD CONSTRAINT "FK_a0b5468bb5ed8111d41326095ab" FOREIGN KEY ("placement_id") REFERENCES "placements"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "participant_reports" DROP CONSTRAINT "FK_a0b5468bb5ed8111d41326095ab"`);
    await queryRunner.query(`ALTER TABLE "exchange_logs" DROP CONSTRAINT "FK_92c3454aaae21b37515f9d0ad9c"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_participant_reports_placement_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ad6c47919ee5a0bd67285bab07"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3200472b5fc47445512bd79af7"`);
    await queryRunner.query(`DROP TABLE "participant_reports"`);
    await queryRunner.query(`DROP TYPE "public"."report_status"`);
    await queryRunner.query(`DROP TYPE "public"."report_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d2d168b97efae3264e00b89c28"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e05c632e0f12381da85aa1b24a"`);
    await queryRunner.query(`DROP TABLE "exchange_logs"`);
    await queryRunner.query(`DROP TYPE "public"."exchange_activity_type"`);
  }
}
