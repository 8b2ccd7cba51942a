// Written for Strata's recorder tests: a migration whose own up() fails in the
// database (the table does not exist), so TypeORM reports a QueryFailedError.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class BrokenUp1700000000009 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "ok_table" ("id" integer)`);
        await queryRunner.query(`INSERT INTO "no_such_table" ("id") VALUES ($1)`, [1]);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "ok_table"`);
    }
}
