export { answersOk, freePort, startEmulatorProcess, type EmulatorLaunch, type EmulatorProcess } from './emulator-process.js';
export { requireProgram } from './programs.js';
export { pauseProcess } from './pause.js';
