import { MigrationInterface, QueryRunner } from 'typeorm';

/** Joint projects with their partners (both sides), the placements they grew from, and milestones. */
export class JointProjects1795938591067 implements MigrationInterface {
  name = 'JointProjects1795938591067';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "joint_project_milestones" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "joint_project_id" uuid NOT NULL, "title" text NOT NULL, "due_on" date NOT NULL, "done_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1f9624b72377bd4647ed9d711cf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7dda7aa3f84387928a8986532d" ON "joint_project_milestones"  ("joint_project_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f5d3da32c9cd11b275ff7c4f02" ON "joint_project_milestones"  ("due_on") `);
    await queryRunner.query(
      `CREATE TYPE "public"."joint_project_status" AS ENUM('idea', 'proposed', 'funded', 'active', 'completed', 'dropped')`,
    );
    await queryRunner.query(
      `CREATE TABLE "joint_projects" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cohort_id" uuid NOT NULL, "title" text NOT NULL, "summary" text NOT NULL, "thematic_areas" "public"."thematic_area" array NOT NULL DEFAULT '{}', "budget_amount_minor" bigint, "budget_currency" character(3), "funding_source" text, "status" "public"."joint_project_status" NOT NULL DEFAULT 'idea', "starts_on" date, "ends_on" date, "people_reached" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_joint_projects_people_reached" CHECK ("people_reached" >= 0), CONSTRAINT "CHK_joint_projects_dates" CHECK ("starts_on" <= "ends_on"), CONSTRAINT "CHK_joint_projects_budget_amount" CHECK ("budget_amount_minor" >= 0), CONSTRAINT "CHK_joint_projects_budget" CHECK (("budget_amount_minor" IS NULL) = ("budget_currency" IS NULL)), CONSTRAINT "PK_5febb7d41de637bf21faa601295" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c78daf5628ee73edd2bf3cd792" ON "joint_projects"  ("cohort_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_e49d4d9d19677ecbd9b6846635" ON "joint_projects"  ("status") `);
    await queryRunner.query(
      `CREATE TABLE "joint_project_partners" ("joint_project_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, CONSTRAINT "PK_c6e2e5c7dac0a66616de7da6047" PRIMARY KEY ("joint_project_id", "organisation_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e4909a779895350ce4f3a02103" ON "joint_project_partners"  ("organisation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "joint_project_placements" ("joint_project_id" uuid NOT NULL, "placement_id" uuid NOT NULL, CONSTRAINT "PK_2be9293f6b079ce95d6fa3a96f0" PRIMARY KEY ("joint_project_id", "placement_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8e7a3422a4903025c18facc6b9" ON "joint_project_placements"  ("joint_project_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ae405cdf244a0b97f629130372" ON "joint_project_placements"  ("placement_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "joint_project_milestones" ADD CONSTRAINT "FK_7dda7aa3f84387928a8986532db" FOREIGN KEY ("joint_project_id") REFERENCES "joint_projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "joint_projects" ADD CONSTRAINT "FK_c78daf5628ee73edd2bf3cd792e" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "joint_project_partners" ADD CONSTRAINT "FK_21fec226ccffe21908725883aaf" FOREIGN KEY ("joint_project_id") REFERENCES "joint_projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "joint_project_partners" ADD CONSTRAINT "FK_e4909a779895350ce4f3a021033" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "joint_project_placements" ADD CONSTRAINT "FK_8e7a3422a4903025c18facc6b90" FOREIGN KEY ("joint_project_id") REFERENCES "joint_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "joint_project_placements" ADD CONSTRAINT "FK_ae405cdf244a0b97f629130372a" FOREIGN KEY ("placement_id") REFERENCES "placements"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "joint_project_placements" DROP CONSTRAINT "FK_ae405cdf244a0b97f629130372a"`);
    await queryRunner.query(`ALTER TABLE "joint_project_placements" DROP CONSTRAINT "FK_8e7a3422a4903025c18facc6b90"`);
    await queryRunner.query(`ALTER TABLE "joint_project_partners" DROP CONSTRAINT "FK_e4909a779895350ce4f3a021033"`);
    await queryRunner.query(`ALTER TABLE "joint_project_partners" DROP CONSTRAINT "FK_21fec226ccffe21908725883aaf"`);
    await queryRunner.query(`ALTER TABLE "joint_projects" DROP CONSTRAINT "FK_c78daf5628ee73edd2bf3cd792e"`);
    await queryRunner.query(`ALTER TABLE "joint_project_milestones" DROP CONSTRAINT "FK_7dda7aa3f84387928a8986532db"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ae405cdf244a0b97f629130372"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8e7a3422a4903025c18facc6b9"`);
    await queryRunner.query(`DROP TABLE "joint_project_placements"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e4909a779895350ce4f3a02103"`);
    await queryRunner.query(`DROP TABLE "joint_project_partners"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e49d4d9d19677ecbd9b6846635"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c78daf5628ee73edd2bf3cd792"`);
    await queryRunner.query(`DROP TABLE "joint_projects"`);
    await queryRunner.query(`DROP TYPE "public"."joint_project_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f5d3da32c9cd11b275ff7c4f02"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7dda7aa3f84387928a8986532d"`);
    await queryRunner.query(`DROP TABLE "joint_project_milestones"`);
  }
}
