import { MigrationInterface, QueryRunner } from "typeorm";

export class AddUserProfile1795677271761 implements MigrationInterface {
    name = 'AddUserProfile1795677271761'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" ADD "bio" text`);
        await queryRunner.query(`ALTER TABLE "users" ADD "display_name" character varying(100) NOT NULL DEFAULT ''`);
        await queryRunner.query(`CREATE INDEX "IDX_users_display_name" ON "users"  ("display_name") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_users_display_name"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "display_name"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "bio"`);
    }

}
