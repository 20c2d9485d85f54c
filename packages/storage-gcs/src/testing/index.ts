export { startGcsEmulator, type GcsEmulator } from './emulator.js';
/** A real HTTP proxy in front of the emulator that records each request (and can inject failures). */
export { objectWrites, startFaultProxy, type FaultProxy, type ObjectWrite, type SeenRequest } from '../fault-proxy.fixture.js';
