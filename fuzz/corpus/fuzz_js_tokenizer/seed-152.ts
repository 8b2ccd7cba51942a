// Not a migration: a helper module that sits in the migrations folder.
export function helper(): string {
    return "queryRunner.query(`SELECT 1`)";
}
