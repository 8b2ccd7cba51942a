import 'dotenv/config';
import * as path from 'path';
import { DataSource, DataSourceOptions } from 'typeorm';

const options: DataSourceOptions = {
  type: "postgres",
  host: process.env.PGHOST_X ?? "db",
  port: Number(process.env["DB_PORT"] ?? 5432),
  username: `app`,
  password: process.env.DB_PASSWORD as string,
  database: process.env.DB_NAME ?? 'fallback',
  schema: 'app',
  migrationsTableName: 'typeorm_migrations',
  migrationsTransactionMode: 'each',
  migrations: [path.join(__dirname, '..', 'migrations', '*{.ts,.js}'), 'db/extra/**/*.ts'],
};
export default new DataSource(options);
