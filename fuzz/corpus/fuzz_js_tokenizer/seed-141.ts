// Written for Strata's recorder tests: schema-builder calls that read the live
// table (dropColumn, renameColumn, changeColumn, a primary key change, an enum
// column added and changed).
import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

export class ReshapeCountries1700000000003 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropColumn('countries', 'legacy_code');
        await queryRunner.renameColumn('countries', 'motto', 'slogan');
        await queryRunner.changeColumn('countries', 'name', new TableColumn({ name: 'name', type: 'varchar', isNullable: true, default: "'unknown'" }));
        await queryRunner.addColumn('countries', new TableColumn({ name: 'size', type: 'enum', enum: ['small', 'large'], default: "'small'" }));
        await queryRunner.changeColumn('countries', 'size', new TableColumn({ name: 'size', type: 'enum', enum: ['small', 'medium', 'large'], default: "'small'" }));
        await queryRunner.dropPrimaryKey('countries');
        await queryRunner.createPrimaryKey('countries', ['id', 'code']);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropPrimaryKey('countries');
        await queryRunner.createPrimaryKey('countries', ['id']);
        await queryRunner.dropColumn('countries', 'size');
        await queryRunner.changeColumn('countries', 'name', new TableColumn({ name: 'name', type: 'varchar', isNullable: true }));
        await queryRunner.renameColumn('countries', 'slogan', 'motto');
        await queryRunner.addColumn('countries', new TableColumn({ name: 'legacy_code', type: 'varchar', isNullable: true }));
    }
}
