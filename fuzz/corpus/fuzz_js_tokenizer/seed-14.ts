import { MigrationInterface, QueryRunner } from "typeorm";

export class AddTags1795676928246 implements MigrationInterface {
    name = 'AddTags1795676928246'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "tags" ("id" SERIAL NOT NULL, "label" character varying(50) NOT NULL, CONSTRAINT "UQ_c3f918aeb3a1bba2e46f5945809" UNIQUE ("label"), CONSTRAINT "PK_e7dc17249a1148a1970748eda99" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "post_tags" ("postsId" uuid NOT NULL, "tagsId" integer NOT NULL, CONSTRAINT "PK_7950c0d5bda0b4da000bcc492fc" PRIMARY KEY ("postsId", "tagsId"))`);
        await queryRunner.query(`CREATE INDEX "IDX_e989388f06246063f9af179809" ON "post_tags" ("postsId") `);
        await queryRunner.query(`CREATE INDEX "IDX_03dde65485412da025858f0305" ON "post_tags" ("tagsId") `);
        await queryRunner.query(`ALTER TABLE "post_tags" ADD CONSTRAINT "FK_e989388f06246063f9af1798098" FOREIGN KEY ("postsId") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
        await queryRunner.query(`ALTER TABLE "post_tags" ADD CONSTRAINT "FK_03dde65485412da025858f03051" FOREIGN KEY ("tagsId") REFERENCES "tags"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "post_tags" DROP CONSTRAINT "FK_03dde65485412da025858f03051"`);
        await queryRunner.query(`ALTER TABLE "post_tags" DROP CONSTRAINT "FK_e989388f06246063f9af1798098"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_03dde65485412da025858f0305"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_e989388f06246063f9af179809"`);
        await queryRunner.query(`DROP TABLE "post_tags"`);
        await queryRunner.query(`DROP TABLE "tags"`);
    }

}
