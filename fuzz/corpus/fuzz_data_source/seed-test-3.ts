import 'dotenv/config';
import { DataSource } from 'typeorm';
export default new DataSource({ type: 'postgres', password: process.env.DB_PASSWORD, port: process.env.DB_PASSWORD });
