// Written for Strata's recorder tests: the data source the real TypeORM CLI
// uses to run the same migrations directly (DB_* from the environment).
import 'reflect-metadata';
import { DataSource } from 'typeorm';

export const AppDataSource = new DataSource({
    type: 'postgres',
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT),
    username: process.env.DB_USERNAME,
    password: process.env.DB_PASSWORD,
    database: process.env.DB_DATABASE,
    entities: [],
    migrations: [__dirname + '/migrations/*.ts'],
});
