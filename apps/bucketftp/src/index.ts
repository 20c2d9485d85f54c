export { main } from './cli.js';
export { loadConfig, parseConfig, ConfigError, type LoadedConfig } from './config/load.js';
export type { Config, UserConfig } from './config/schema.js';
export { startServer, type RunningServer } from './start.js';
export { hashPassword, verifyPassword } from './auth/password-hash.js';
export { createLogger } from './logging.js';
