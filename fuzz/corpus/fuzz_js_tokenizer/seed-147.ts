import { MigrationInterface, QueryRunner, Table, TableColumn } from "typeorm";

const cols = [{ name: "id", type: "integer" }];

export class SchemaRefused1700000000006 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({ name: "a", columns: cols }));
        await queryRunner.createTable(new Table({ name: "b", columns: [{ name: "id", type: "integer", length: size }] }));
        await queryRunner.createTable(new Table({ name: "c", columns: [{ name: "state", type: "enum", enum: ["on", "off"] }] }));
        await queryRunner.createTable(new Table({ name: "d", columns: [{ name: "id", type: "integer" }] }), true);
        await queryRunner.addColumn("users", new TableColumn({ name: "x", type: "integer", isPrimary: true }));
        await queryRunner.renameColumn("users", "x", "y");
        await queryRunner.createTable(new Table({ name: "e", columns: [{ name: "id", type: "integer", unsigned: true }] }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropColumn("users", "x");
    }
}
