"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AddUsers1795677368889 = void 0;
const typeorm_1 = require("typeorm");
class AddUsers1795677368889 {
    constructor() {
        this.name = 'AddUsers1795677368889';
    }
    async up(queryRunner) {
        await queryRunner.query(`CREATE TABLE "users" ("id" SERIAL NOT NULL, "email" character varying NOT NULL, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.createIndex("users", new typeorm_1.TableIndex({ columnNames: ["email"], isUnique: true }));
    }
    async down(queryRunner) {
        await queryRunner.query(`DROP TABLE "users"`);
    }
}
exports.AddUsers1795677368889 = AddUsers1795677368889;
