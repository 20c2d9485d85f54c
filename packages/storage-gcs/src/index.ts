export { GcsDriver } from './gcs-driver.js';
export type { GcsDriverOptions } from './options.js';
