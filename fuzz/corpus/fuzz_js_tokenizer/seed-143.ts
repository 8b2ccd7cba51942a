import { MigrationInterface, QueryRunner } from "typeorm";

/* A block comment with queryRunner.query(`DROP TABLE nope`) in it. */
export class Strings1700000000002 implements MigrationInterface {
    // queryRunner.query("DROP TABLE also_nope") in a line comment
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "notes" (
                "id" integer NOT NULL,
                "body" text NOT NULL DEFAULT 'it''s \`quoted\`'
            )
        `);
        await queryRunner.query('INSERT INTO "notes" VALUES (1, \'single \\ quoted\')');
        await queryRunner.query("INSERT INTO \"notes\" VALUES (2, 'tab\there')");
        await queryRunner.query("INSERT INTO \"notes\" VALUES (3, '" +
            "concatenated" + ' ' + `parts')`);
        await queryRunner.query("INSERT INTO \"notes\" VALUES (4, '\u00e9\x41 \
continued')");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "notes"`); // trailing comment
    }
}
