import { MigrationInterface, QueryRunner } from "typeorm";

export class Concurrent1700000000008 implements MigrationInterface {
    name = "Concurrent1700000000008";
    transaction = false;

    public async up(queryRunner: QueryRunner): Promise<void> {
        const pattern = /\/\*[^`]*`/g; // a regular expression literal with a backtick and a slash in it
        await queryRunner.query(`CREATE INDEX CONCURRENTLY "IDX_things_id" ON "things" ("id")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX CONCURRENTLY "IDX_things_id"`);
    }
}
