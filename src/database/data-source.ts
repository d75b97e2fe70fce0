import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';

// Entry point for the TypeORM CLI (migration:generate|run|revert).
const env = validateEnvironment(process.env);
export default new DataSource(dataSourceOptions(env.DATABASE_URL));
