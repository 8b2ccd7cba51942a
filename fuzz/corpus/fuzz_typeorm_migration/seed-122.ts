// Written for Strata's recorder tests: a data migration looping over an
// imported data module with parameterised queries (a Date, a null, quotes, an
// array, a JSON object), and a user SELECT with a side effect (setval).
import { MigrationInterface, QueryRunner } from 'typeorm';
import { countries } from '../data/countries';

export class SeedCountries1700000000002 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        for (const c of countries) {
            await queryRunner.query(
                `INSERT INTO "countries" ("code", "name", "continent", "founded", "motto", "languages", "info", "legacy_code", "flag") VALUES ($1, $2, $3, $4, $5, $6, $7, '$1', $8)`,
                [c.code, c.name, c.continent, c.founded, c.motto, c.languages, c.info, c.flag],
            );
        }
        await queryRunner.query(`SELECT setval(pg_get_serial_sequence('countries', 'id'), 100)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DELETE FROM "countries" WHERE "code" = ANY($1)`, [countries.map((c) => c.code)]);
    }
}
