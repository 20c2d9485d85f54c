import type { CommandContext } from '../../context.js';

/** The address clients are told to connect to: the configured public one, else our end of the control connection. */
export function passiveAddress(context: CommandContext): string {
  return context.publicAddress ?? context.connection.localAddress;
}
