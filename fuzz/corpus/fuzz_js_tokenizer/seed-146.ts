import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from "typeorm";

export class SchemaApi1700000000005 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(
            new Table({
                name: "users",
                columns: [
                    { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
                    { name: "n", type: "bigint", isGenerated: true, generationStrategy: "identity" },
                ],
            }),
        );
        await queryRunner.createTable(new Table({
            name: "posts",
            columns: [
                { name: "id", type: "uuid", isPrimary: true, isGenerated: true, generationStrategy: "uuid" },
                { name: "title", type: "varchar", length: "200", isUnique: true },
                { name: "price", type: "numeric", precision: 10, scale: 2, default: 0 },
                { name: "tags", type: "text", isArray: true, isNullable: true },
                { name: "author_id", type: "int" },
                { name: "created_at", type: "timestamp with time zone", default: "now()" },
                { name: "note", type: "text", isNullable: true, comment: "it's free" },
            ],
            indices: [{ columnNames: ["author_id"] }, { name: "IDX_title_lower", columnNames: ["title"], where: "title IS NOT NULL" }],
            foreignKeys: [{ columnNames: ["author_id"], referencedTableName: "users", referencedColumnNames: ["id"], onDelete: "CASCADE" }],
            checks: [{ expression: `"price" >= 0` }],
        }), false);
        await queryRunner.addColumn("users", new TableColumn({ name: "email", type: "character varying", length: 255, isNullable: true, default: "'x'" }));
        await queryRunner.createForeignKey("posts", new TableForeignKey({ columnNames: ["author_id"], referencedTableName: "users", referencedColumnNames: ["id"], onDelete: "SET NULL", name: "FK_posts_author" }));
        await queryRunner.createIndex("users", new TableIndex({ columnNames: ["email"], isUnique: true }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropIndex("users", "IDX_97672ac88f789774dd47f7c8be");
        await queryRunner.dropForeignKey("posts", "FK_posts_author");
        await queryRunner.dropTable("posts");
        await queryRunner.dropTable("users", true);
    }
}
