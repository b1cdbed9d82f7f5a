import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError, readYaml } from '@golden-dome/scenario';
import { checkUsers, type UserConfig } from './users.ts';

/** A users configuration file that cannot be used: the message names the file and the field. */
export class UsersFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'UsersFileError';
  }
}

export const MAX_USERS_FILE_BYTES = 1024 * 1024;

/**
 * Reads the users of a YAML or JSON file (JSON is YAML; `.json` files are parsed as strict JSON):
 *
 * ```yaml
 * users:
 *   - id: alice
 *     nation: US
 *     role: commander          # viewer | operator | commander
 *     secret: scrypt$16384$8$1$...   # from `hashSecret` (never the plain secret)
 * ```
 * A top-level list is accepted too. Every problem is a UsersFileError naming the file and the field.
 */
export function loadUsersFile(file: string): UserConfig[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsersFileError(file, `cannot read the users file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (Buffer.byteLength(text) > MAX_USERS_FILE_BYTES) throw new UsersFileError(file, `larger than ${MAX_USERS_FILE_BYTES} bytes`);
  let data: unknown;
  try {
    // YAML through the project's one reader (validated-yaml.ts: located syntax errors, alias limits)
    data = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : readYaml(text, file).data;
  } catch (e) {
    const why = e instanceof InputError ? e.problems[0] : (e as Error).message.split('\n')[0];
    throw new UsersFileError(file, `not valid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${why}`);
  }
  const list = Array.isArray(data) ? data : (data as { users?: unknown } | null)?.users;
  if (!Array.isArray(list)) throw new UsersFileError(file, "expected a 'users' list (or a top-level list) of {id, nation, role, secret}");
  list.forEach((u, i) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u))
      throw new UsersFileError(file, `users[${i}]: expected a mapping with id, nation, role, secret`);
    const extra = Object.keys(u).filter((k) => !['id', 'nation', 'role', 'secret'].includes(k));
    if (extra.length > 0) throw new UsersFileError(file, `users[${i}]: unknown field '${extra[0]}' (fields: id, nation, role, secret)`);
  });
  try {
    checkUsers(list as UserConfig[]);
  } catch (e) {
    throw new UsersFileError(file, (e as Error).message);
  }
  return list as UserConfig[];
}
