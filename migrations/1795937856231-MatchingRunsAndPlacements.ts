import { MigrationInterface, QueryRunner } from 'typeorm';

/** Matching runs with their input snapshot and result, and placements (created `proposed` by applying a run). */
export class MatchingRunsAndPlacements1795937856231 implements MigrationInterface {
  name = 'MatchingRunsAndPlacements1795937856231';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."matching_algorithm" AS ENUM('optimal', 'stable')`);
    await queryRunner.query(
      `CREATE TYPE "public"."matching_run_status" AS ENUM('queued', 'running', 'succeeded', 'failed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "matching_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cohort_id" uuid NOT NULL, "algorithm" "public"."matching_algorithm" NOT NULL, "dry_run" boolean NOT NULL DEFAULT false, "weights" jsonb NOT NULL, "status" "public"."matching_run_status" NOT NULL DEFAULT 'queued', "progress" smallint NOT NULL DEFAULT '0', "engine_version" text, "input" jsonb, "proposals" jsonb, "unmatched" jsonb, "statistics" jsonb, "error" text, "requested_by_id" uuid, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "applied_at" TIMESTAMP WITH TIME ZONE, "applied_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c0bebed77bb3aa81e48b4654d40" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_72fa6378566ea50ca9203a18fe" ON "matching_runs"  ("cohort_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."placement_status" AS ENUM('proposed', 'accepted', 'confirmed', 'in_progress', 'completed', 'declined', 'cancelled')`,
    );
    await queryRunner.query(
      `CREATE TABLE "placements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cohort_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "application_id" uuid, "host_organisation_id" uuid NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "status" "public"."placement_status" NOT NULL DEFAULT 'proposed', "match_score" numeric(5,2), "score_breakdown" jsonb, "matching_run_id" uuid, "mentor_name" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_placements_dates" CHECK ("starts_on" <= "ends_on"), CONSTRAINT "PK_91cca43a1baa03ee278d7be74da" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4819e964661958daae5d039eba" ON "placements"  ("staff_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_c48605521df82e093ae8e96596" ON "placements"  ("status") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_58d8078abf324260c85a598cb7" ON "placements"  ("cohort_id", "host_organisation_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_placements_live_staff" ON "placements"  ("cohort_id", "staff_id") WHERE "status" NOT IN ('declined', 'cancelled')`,
    );
    await queryRunner.query(
      `ALTER TABLE "matching_runs" ADD CONSTRAINT "FK_d3477c5fb6aab89446addcb2abd" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_17f1ce53126d529d6d8147f7b9a" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_4819e964661958daae5d039ebaa" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_642cd21ae8a022a801ce685b91d" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "placements" ADD CONSTRAINT "FK_0b4837a06dadc00066031b38c0c" FOREIGN KEY ("host_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "placements" DROP CONSTRAINT "FK_0b4837a06dadc00066031b38c0c"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP CONSTRAINT "FK_642cd21ae8a022a801ce685b91d"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP CONSTRAINT "FK_4819e964661958daae5d039ebaa"`);
    await queryRunner.query(`ALTER TABLE "placements" DROP CONSTRAINT "FK_17f1ce53126d529d6d8147f7b9a"`);
    await queryRunner.query(`ALTER TABLE "matching_runs" DROP CONSTRAINT "FK_d3477c5fb6aab89446addcb2abd"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_placements_live_staff"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_58d8078abf324260c85a598cb7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c48605521df82e093ae8e96596"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4819e964661958daae5d039eba"`);
    await queryRunner.query(`DROP TABLE "placements"`);
    await queryRunner.query(`DROP TYPE "public"."placement_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_72fa6378566ea50ca9203a18fe"`);
    await queryRunner.query(`DROP TABLE "matching_runs"`);
    await queryRunner.query(`DROP TYPE "public"."matching_run_status"`);
    await queryRunner.query(`DROP TYPE "public"."matching_algorithm"`);
  }
}
