export { main } from './cli.js';
export { loadConfig, parseConfig, ConfigError, type LoadedConfig } from './config/load.js';
export type { Config, UserConfig, StorageConfig } from './config/schema.js';
export { startServer, StartupError, type RunningServer } from './start.js';
export { hashPassword, verifyPassword } from './auth/password-hash.js';
export { createLogger } from './logging.js';
