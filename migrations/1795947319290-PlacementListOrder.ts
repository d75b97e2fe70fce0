import { MigrationInterface, QueryRunner } from 'typeorm';

/** The placement list's default order (start date, then id): a page is read along the index, not sorted anew. */
export class PlacementListOrder1795947319290 implements MigrationInterface {
  name = 'PlacementListOrder1795947319290';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_51105a27b49ea945043ea6051e" ON "placements" ("starts_on", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_51105a27b49ea945043ea6051e"`);
  }
}
