export * from './types.js';
export * from './errors.js';
export * from './paths.js';
export * from './hashing.js';
export { MemoryDriver } from './memory-driver.js';
export { throwIfAborted, whenAborted, abortableChunks, receiveChunks, checkBeforeCommit, checkedAtEnd, type ReceiveOutcome } from './abort.js';
export { MountDriver, type Mount } from './mount-driver.js';
export { keepsPartial } from './partial-uploads.js';
