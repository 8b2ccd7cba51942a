import { MigrationInterface, QueryRunner } from "typeorm";

export class Parameters1700000000003 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`INSERT INTO "settings" ("key", "value") VALUES ($1, $2)`, ['theme', 42]);
        await queryRunner.query(`UPDATE "settings" SET "value" = $1`, [process.env.DEFAULT_VALUE]);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DELETE FROM "settings" WHERE "key" = 'theme'`);
    }
}
