/** Reading a YAML file, with every failure reported as a ConfigError naming the file. */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: invalid configuration\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Where `{ env: NAME }` secrets are read from (process.env unless a test says otherwise). */
export type Environment = Readonly<Record<string, string | undefined>>;

export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
}

export function parseYamlDocument(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) throw new ConfigError(file, [`YAML syntax: ${error.message.split('\n')[0]}`]);
    throw error;
  }
}
