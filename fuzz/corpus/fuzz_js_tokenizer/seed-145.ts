import { MigrationInterface, QueryRunner } from "typeorm";

const TABLE = "accounts";

export class Substitution1700000000004 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "${TABLE}" ("id" integer)`);
        const rows = await queryRunner.query(`SELECT 1`);
        for (const table of ["a", "b"]) {
            await queryRunner.query("DROP TABLE " + table);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "accounts"`);
    }
}
