export { startGcsEmulator, type GcsEmulator } from './emulator.js';
