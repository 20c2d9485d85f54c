export * from './framer.js';
export * from './command.js';
export * from './reply.js';
export * from './paths.js';
export * from './listing.js';
export * from './hostport.js';
export * from './ascii.js';
