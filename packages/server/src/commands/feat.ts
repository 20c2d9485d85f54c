import { defineCommand } from '../command-spec.js';

// RFC 2389 §3.2: the feature list is generated from the command table (formatReply starts each
// continuation line with the single space the RFC requires).
export const FEAT = defineCommand({
  name: 'FEAT',
  auth: false,
  arg: 'none',
  help: 'FEAT (list extensions)',
  handler(context) {
    const featureContext = {
      mlstFacts: context.state.mlstFacts,
      hashAlgorithm: context.state.hashAlgorithm,
      tls: context.security.available,
    };
    const lines = context.commands
      .map((spec) => spec.feature?.(featureContext))
      .filter((line): line is string => line !== undefined)
      .sort();
    context.reply(211, ['Features:', ...lines, 'End']);
  },
});
