import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, staff with consents, cohorts with reviewers and funders, applications, reviews, idempotency keys. */
export class ProgrammeData1795936080713 implements MigrationInterface {
  name = 'ProgrammeData1795936080713';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."organisation_type" AS ENUM('ngo', 'think_tank', 'foundation', 'social_enterprise', 'academic', 'government_agency', 'funder', 'other')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."thematic_area" AS ENUM('poverty_alleviation', 'social_governance', 'gender_equality', 'climate_change', 'environment_protection', 'public_welfare_research', 'water_resources', 'capacity_building', 'other')`,
    );
    await queryRunner.query(
      `CREATE TABLE "organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "type" "public"."organisation_type" NOT NULL, "region" text NOT NULL, "country" character(2) NOT NULL, "city" text NOT NULL, "latitude" double precision NOT NULL, "longitude" double precision NOT NULL, "thematic_areas" "public"."thematic_area" array NOT NULL DEFAULT '{}', "working_languages" text array NOT NULL DEFAULT '{}', "hosting_capacity" integer NOT NULL DEFAULT '0', "contact_email" text, "website" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_organisations_coordinates" CHECK ("latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180), CONSTRAINT "CHK_organisations_hosting_capacity" CHECK ("hosting_capacity" >= 0), CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_232e84789ebc225a4d667a0305" ON "organisations"  ("region") `);
    await queryRunner.query(
      `CREATE TYPE "public"."cohort_status" AS ENUM('draft', 'open', 'matching', 'active', 'closed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "cohorts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "sides" text array NOT NULL, "application_opens_on" date NOT NULL, "application_closes_on" date NOT NULL, "exchange_windows" jsonb NOT NULL, "min_placement_days" integer NOT NULL, "max_placement_days" integer NOT NULL, "grant_rules" jsonb NOT NULL, "report_questions" jsonb NOT NULL, "status" "public"."cohort_status" NOT NULL DEFAULT 'draft', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_cohorts_sides" CHECK (cardinality("sides") = 2 AND "sides"[1] <> "sides"[2]), CONSTRAINT "CHK_cohorts_application_window" CHECK ("application_opens_on" <= "application_closes_on"), CONSTRAINT "CHK_cohorts_placement_days" CHECK ("min_placement_days" >= 1 AND "min_placement_days" <= "max_placement_days"), CONSTRAINT "PK_fd38f76b135e907b834fda1e752" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_0572b65800b7bc75757975f0bc" ON "cohorts"  ("status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_cohorts_name" ON "cohorts"  ("name") `);
    await queryRunner.query(`CREATE TYPE "public"."gender" AS ENUM('female', 'male', 'non_binary', 'undisclosed')`);
    await queryRunner.query(
      `CREATE TABLE "staff" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "full_name" text NOT NULL, "email" text NOT NULL, "gender" "public"."gender" NOT NULL DEFAULT 'undisclosed', "languages" jsonb NOT NULL DEFAULT '[]', "expertise" "public"."thematic_area" array NOT NULL DEFAULT '{}', "job_title" text, "years_of_experience" integer, "locale" "public"."locale" NOT NULL DEFAULT 'en', "user_id" uuid, "erased_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_staff_years_of_experience" CHECK ("years_of_experience" >= 0), CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a69f980961a6229e2d99ae8052" ON "staff"  ("organisation_id") `);
    // E-mail addresses are unique whatever their case (the entity declares this index but cannot express it).
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_staff_email_lower" ON "staff" (lower("email"))`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_cd46c11492893ccb45279af7e7" ON "staff"  ("user_id") WHERE "user_id" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."application_kind" AS ENUM('joint', 'single')`);
    await queryRunner.query(
      `CREATE TYPE "public"."application_status" AS ENUM('submitted', 'accepted', 'rejected', 'withdrawn')`,
    );
    await queryRunner.query(
      `CREATE TABLE "applications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cohort_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "kind" "public"."application_kind" NOT NULL, "partner_organisation_id" uuid, "exchange_topic" text, "partner_contact_name" text, "partner_contact_email" text, "available_from" date NOT NULL, "available_to" date NOT NULL, "preferred_host_ids" uuid array NOT NULL DEFAULT '{}', "motivation" text NOT NULL, "work_plan" text NOT NULL, "status" "public"."application_status" NOT NULL DEFAULT 'submitted', "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by_id" uuid, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_applications_preferences" CHECK (cardinality("preferred_host_ids") <= 5), CONSTRAINT "CHK_applications_kind" CHECK (("kind" = 'joint') = ("partner_organisation_id" IS NOT NULL)), CONSTRAINT "CHK_applications_availability" CHECK ("available_from" <= "available_to"), CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6d2e6e49bde6c4d92de22f47aa" ON "applications"  ("cohort_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_60394eac902d1d1b5f708c6dcf" ON "applications"  ("staff_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_8ee114cee92e995a9e75c05cfb" ON "applications"  ("status") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_applications_staff_cohort" ON "applications"  ("cohort_id", "staff_id") WHERE "status" <> 'withdrawn'`,
    );
    await queryRunner.query(
      `CREATE TABLE "reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "reviewer_id" uuid NOT NULL, "organisational_compatibility" smallint NOT NULL, "work_plan_quality" smallint NOT NULL, "applicant_experience" smallint NOT NULL, "comment" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_reviews_scores" CHECK ("organisational_compatibility" BETWEEN 1 AND 5 AND "work_plan_quality" BETWEEN 1 AND 5 AND "applicant_experience" BETWEEN 1 AND 5), CONSTRAINT "PK_231ae565c273ee700b283f15c1d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_92e950a2513a79bb3fab273c92" ON "reviews"  ("reviewer_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_reviews_application_reviewer" ON "reviews"  ("application_id", "reviewer_id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."consent_purpose" AS ENUM('programme_administration', 'share_with_funders', 'cross_border_transfer')`,
    );
    await queryRunner.query(
      `CREATE TABLE "consent_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_id" uuid NOT NULL, "purpose" "public"."consent_purpose" NOT NULL, "granted" boolean NOT NULL, "text_version" text NOT NULL, "recorded_by_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_030be152eaa44998166470b2ccc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ec4523ed57285334ee3ad2db63" ON "consent_records"  ("staff_id", "purpose", "recorded_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("user_id" uuid NOT NULL, "key" text NOT NULL, "fingerprint" text NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_392b1af86f210d98d3f0c764728" PRIMARY KEY ("user_id", "key"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e5fc0731b6752a8e9194fa265e" ON "idempotency_keys"  ("expires_at") `);
    await queryRunner.query(
      `CREATE TABLE "cohort_reviewers" ("cohort_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_fc3a5f6dacd0dcca0c5dcfe3ecc" PRIMARY KEY ("cohort_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ce56d82402beae929807633db1" ON "cohort_reviewers"  ("cohort_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_7d7e089bd13d6c2ac6f58ab8e4" ON "cohort_reviewers"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "cohort_funders" ("cohort_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, CONSTRAINT "PK_42acf9000679006e637a1a6ffeb" PRIMARY KEY ("cohort_id", "organisation_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7b2ea3c3109459b362d72ed82f" ON "cohort_funders"  ("cohort_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_5c1df63abd6c2b3bd398aa0307" ON "cohort_funders"  ("organisation_id") `);
    await queryRunner.query(`ALTER TABLE "users" ADD "organisation_id" uuid`);
    await queryRunner.query(`ALTER TABLE "invitations" ADD "staff_id" uuid`);
    await queryRunner.query(`ALTER TABLE "invitations" ADD "organisation_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_2fc4294f8ec97da71d587dc557" ON "users"  ("organisation_id") `);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_2fc4294f8ec97da71d587dc5577" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff" ADD CONSTRAINT "FK_a69f980961a6229e2d99ae80524" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff" ADD CONSTRAINT "FK_cec9365d9fc3a3409158b645f2e" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "applications" ADD CONSTRAINT "FK_6d2e6e49bde6c4d92de22f47aa7" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "applications" ADD CONSTRAINT "FK_60394eac902d1d1b5f708c6dcf3" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "applications" ADD CONSTRAINT "FK_888683f632a070ea956de3da3be" FOREIGN KEY ("partner_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_e1c2a77a156e89426a4d5e922ae" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_db8eb6da8f383cb3443217d8536" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "FK_414daf69b1c74f190324c9069ac" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "FK_92e950a2513a79bb3fab273c92e" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consent_records" ADD CONSTRAINT "FK_968617263b54e469052c063f783" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_reviewers" ADD CONSTRAINT "FK_ce56d82402beae929807633db1c" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_reviewers" ADD CONSTRAINT "FK_7d7e089bd13d6c2ac6f58ab8e48" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_funders" ADD CONSTRAINT "FK_7b2ea3c3109459b362d72ed82f7" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_funders" ADD CONSTRAINT "FK_5c1df63abd6c2b3bd398aa03071" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cohort_funders" DROP CONSTRAINT "FK_5c1df63abd6c2b3bd398aa03071"`);
    await queryRunner.query(`ALTER TABLE "cohort_funders" DROP CONSTRAINT "FK_7b2ea3c3109459b362d72ed82f7"`);
    await queryRunner.query(`ALTER TABLE "cohort_reviewers" DROP CONSTRAINT "FK_7d7e089bd13d6c2ac6f58ab8e48"`);
    await queryRunner.query(`ALTER TABLE "cohort_reviewers" DROP CONSTRAINT "FK_ce56d82402beae929807633db1c"`);
    await queryRunner.query(`ALTER TABLE "consent_records" DROP CONSTRAINT "FK_968617263b54e469052c063f783"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "FK_92e950a2513a79bb3fab273c92e"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "FK_414daf69b1c74f190324c9069ac"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "FK_db8eb6da8f383cb3443217d8536"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "FK_e1c2a77a156e89426a4d5e922ae"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "FK_888683f632a070ea956de3da3be"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "FK_60394eac902d1d1b5f708c6dcf3"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "FK_6d2e6e49bde6c4d92de22f47aa7"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP CONSTRAINT "FK_cec9365d9fc3a3409158b645f2e"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP CONSTRAINT "FK_a69f980961a6229e2d99ae80524"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_2fc4294f8ec97da71d587dc5577"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2fc4294f8ec97da71d587dc557"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP COLUMN "organisation_id"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP COLUMN "staff_id"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "organisation_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5c1df63abd6c2b3bd398aa0307"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7b2ea3c3109459b362d72ed82f"`);
    await queryRunner.query(`DROP TABLE "cohort_funders"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7d7e089bd13d6c2ac6f58ab8e4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ce56d82402beae929807633db1"`);
    await queryRunner.query(`DROP TABLE "cohort_reviewers"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e5fc0731b6752a8e9194fa265e"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ec4523ed57285334ee3ad2db63"`);
    await queryRunner.query(`DROP TABLE "consent_records"`);
    await queryRunner.query(`DROP TYPE "public"."consent_purpose"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_reviews_application_reviewer"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_92e950a2513a79bb3fab273c92"`);
    await queryRunner.query(`DROP TABLE "reviews"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_applications_staff_cohort"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8ee114cee92e995a9e75c05cfb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_60394eac902d1d1b5f708c6dcf"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6d2e6e49bde6c4d92de22f47aa"`);
    await queryRunner.query(`DROP TABLE "applications"`);
    await queryRunner.query(`DROP TYPE "public"."application_status"`);
    await queryRunner.query(`DROP TYPE "public"."application_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cd46c11492893ccb45279af7e7"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_staff_email_lower"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a69f980961a6229e2d99ae8052"`);
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`DROP TYPE "public"."gender"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_cohorts_name"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0572b65800b7bc75757975f0bc"`);
    await queryRunner.query(`DROP TABLE "cohorts"`);
    await queryRunner.query(`DROP TYPE "public"."cohort_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_232e84789ebc225a4d667a0305"`);
    await queryRunner.query(`DROP TABLE "organisations"`);
    await queryRunner.query(`DROP TYPE "public"."thematic_area"`);
    await queryRunner.query(`DROP TYPE "public"."organisation_type"`);
  }
}
