import { DataSource } from 'typeorm';
import { config } from 'dotenv';
import { LogEntryEntity } from './logging/entities/log-entry.entity';

config(); // Load .env

export const AppDataSource = new DataSource({
  type: 'postgres',
  host: process.env.DB_HOST || 'localhost',
  port: parseInt(process.env.DB_PORT || '5433'),
  username: process.env.DB_USERNAME || 'research_agent',
  password: process.env.DB_PASSWORD!,
  database: process.env.DB_DATABASE || 'research_agent_db',
  entities: [LogEntryEntity],
  migrations: [__dirname + '/migrations/*.ts'],
  logging: process.env.NODE_ENV === 'development',
});
