import { MigrationInterface, QueryRunner } from 'typeorm';

/** Twinning pairs, placement grants, cancellation reasons and pre-departure checklists. */
export class PlacementLifecycle1795938574601 implements MigrationInterface {
  name = 'PlacementLifecycle1795938574601';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."twinning_pair_origin" AS ENUM('joint_application', 'matching_run', 'placement')`,
    );
    await queryRunner.query(
      `CREATE TABLE "twinning_pairs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cohort_id" uuid NOT NULL, "first_organisation_id" uuid NOT NULL, "second_organisation_id" uuid NOT NULL, "exchange_topic" text, "origin" "public"."twinning_pair_origin" NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_twinning_pairs_order" CHECK ("first_organisation_id" < "second_organisation_id"), CONSTRAINT "PK_c26467d59dc1635191bad45c8a6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_twinning_pairs_cohort_organisations" ON "twinning_pairs"  ("cohort_id", "first_organisation_id", "second_organisation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "placement_checklist_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "placement_id" uuid NOT NULL, "key" text NOT NULL, "title" text NOT NULL, "required" boolean NOT NULL DEFAULT true, "due_on" date NOT NULL, "done_at" TIMESTAMP WITH TIME ZONE, "done_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7fcd051d66e021193aea63aad22" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_placement_checklist_items_key" ON "placement_checklist_items"  ("placement_id", "key") `,
    );
    await queryRunner.query(`ALTER TABLE "placements" ADD "twinning_pair_id" uuid`);
    await queryRunner.query(`ALTER TABLE "placements" ADD "grant" jsonb`);
    await queryRunner.query(`ALTER TABLE "placements" ADD "grant_frozen_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "placements" ADD "cancellation_reason" text`);
    await queryRunner.query(`CREATE INDEX "IDX_a9628ec6118dd8558386b2fa21" ON "placements"  ("twinning_pair_id") `);
    await queryRunner.query(
      `ALTER TABLE "twinning_pairs" ADD CONSTRAINT "FK_014aa77f6150213054ee4d083e2" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "twinning_pairs" ADD CONSTRAINT "FK_87024a2a5ca4c1d241318cd2fa5" FOREIGN KEY ("first_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "twinning_pairs" ADD CONSTRAINT "FK_795ad7b6129b00c7ca34da4266b" FOREIGN KEY ("second_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_1b22c493997c788d4e46c246538" FOREIGN KEY ("matching_run_id") REFERENCES "matching_runs"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_a9628ec6118dd8558386b2fa21e" FOREIGN KEY ("twinning_pair_id") REFERENCES "twinning_pairs"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placement_checklist_items" ADD CONSTRAINT "FK_6e90df2e71f8ead423109d4de89" FOREIGN KEY ("placement_id") REFERENCES "placements"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "placement_checklist_items" DROP CONSTRAINT "FK_6e90df2e71f8ead423109d4de89"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP CONSTRAINT "FK_a9628ec6118dd8558386b2fa21e"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP CONSTRAINT "FK_1b22c493997c788d4e46c246538"`);
    await queryRunner.query(`ALTER TABLE "twinning_pairs" DROP CONSTRAINT "FK_795ad7b6129b00c7ca34da4266b"`);
    await queryRunner.query(`ALTER TABLE "twinning_pairs" DROP CONSTRAINT "FK_87024a2a5ca4c1d241318cd2fa5"`);
    await queryRunner.query(`ALTER TABLE "twinning_pairs" DROP CONSTRAINT "FK_014aa77f6150213054ee4d083e2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a9628ec6118dd8558386b2fa21"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP COLUMN "cancellation_reason"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP COLUMN "grant_frozen_at"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP COLUMN "grant"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP COLUMN "twinning_pair_id"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_placement_checklist_items_key"`);
    await queryRunner.query(`DROP TABLE "placement_checklist_items"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_twinning_pairs_cohort_organisations"`);
    await queryRunner.query(`DROP TABLE "twinning_pairs"`);
    await queryRunner.query(`DROP TYPE "public"."twinning_pair_origin"`);
  }
}
