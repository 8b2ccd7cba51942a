import { MigrationInterface, QueryRunner } from "typeorm";

export class Generated1700000000001 implements MigrationInterface {
    name = 'Generated1700000000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "log_entries" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "message" text NOT NULL, CONSTRAINT "PK_b226cc4de5ba8c7a6f0d7a1e2b0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_log_message" ON "log_entries" ("message") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_log_message"`);
        await queryRunner.query(`DROP TABLE "log_entries"`);
    }

}
