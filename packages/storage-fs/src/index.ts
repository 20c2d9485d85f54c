export { FsDriver, type FsDriverOptions } from './fs-driver.js';
