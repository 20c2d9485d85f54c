/** Lookup by verb or alias over the command specs; HELP and FEAT read the same list. */
import type { CommandSpec } from '../command-spec.js';

export class CommandTable {
  private readonly byVerb = new Map<string, CommandSpec>();

  constructor(readonly specs: readonly CommandSpec[]) {
    for (const spec of specs) {
      for (const verb of [spec.name, ...(spec.aliases ?? [])]) {
        if (this.byVerb.has(verb)) throw new Error(`duplicate command ${verb}`);
        this.byVerb.set(verb, spec);
      }
    }
  }

  get(verb: string): CommandSpec | undefined {
    return this.byVerb.get(verb.toUpperCase());
  }

  /** Every verb the server recognises, aliases included, sorted (for HELP). */
  verbs(): string[] {
    return [...this.byVerb.keys()].sort();
  }
}
