import { DataSource } from 'typeorm';
import { settings } from './settings';
import { Initial1700000000000 } from './migrations/1700000000000-Initial';

export const AppDataSource = new DataSource({
  ...settings.base,
  type: 'postgres',
  host: settings.host,
  port: process.env.DB_PORT ? parseInt(process.env.DB_PORT) : 5432,
  password: getSecret('db'),
  database: `app_${process.env.NODE_ENV}`,
  migrationsTableName,
  migrations: [Initial1700000000000],
});
