// Written for Strata's recorder tests to exercise TypeORM's schema API (not
// taken from a public project): createTable with an enum column, a primary key
// and a unique index, then createTable(t, true) on the same table (a no-op on
// the live database).
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class CreateCountries1700000000001 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        const countries = new Table({
            name: 'countries',
            columns: [
                { name: 'id', type: 'int', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
                { name: 'code', type: 'varchar', length: '2' },
                { name: 'name', type: 'varchar' },
                { name: 'continent', type: 'enum', enum: ['africa', 'america', 'asia', 'europe', 'oceania'] },
                { name: 'founded', type: 'timestamptz', isNullable: true },
                { name: 'legacy_code', type: 'varchar', isNullable: true },
                { name: 'motto', type: 'varchar', isNullable: true },
                { name: 'languages', type: 'text', isArray: true, isNullable: true },
                { name: 'info', type: 'jsonb', isNullable: true },
                { name: 'flag', type: 'bytea', isNullable: true },
            ],
        });
        await queryRunner.createTable(countries);
        await queryRunner.createTable(countries, true);
        await queryRunner.createIndex('countries', new TableIndex({ name: 'IDX_countries_code', columnNames: ['code'], isUnique: true }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropIndex('countries', 'IDX_countries_code');
        await queryRunner.dropTable('countries');
    }
}
