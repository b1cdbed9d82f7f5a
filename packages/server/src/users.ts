import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { NationCode } from '@golden-dome/core';

/**
 * Users and their secrets. A user belongs to one nation and has one role:
 *  - viewer: receives its nation's picture (the event logs, filtered by the sharing policy);
 *  - operator: a viewer who may also validate scenarios and start trials;
 *  - commander: an operator who may also approve or deny engagements of its own nation's weapons and
 *    read its nation's audit log;
 *  - admin: a commander of its nation who also reads the whole audit log (every nation's) and may
 *    cancel any user's campaign. It sees no other nation's picture, trials or campaign results.
 * Secrets are stored only as scrypt hashes, `scrypt$N$r$p$salt$hash` (salt and hash in base64), made by
 * {@link hashSecret}; the cost parameters travel with the hash so they can be raised later.
 */
export type Role = 'viewer' | 'operator' | 'commander' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'operator', 'commander', 'admin'];

/** One configured user, as it appears in the server's configuration. */
export interface UserConfig {
  id: string;
  nation: NationCode;
  role: Role;
  /** `scrypt$N$r$p$salt$hash`, from hashSecret. */
  secret: string;
}

/** An authenticated user (the secret hash is not carried around). */
export interface User {
  id: string;
  nation: NationCode;
  role: Role;
}

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** Node's defaults (N = 2^14, r = 8, p = 1): ~16 MiB and some tens of milliseconds per check. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hashes a secret for the users configuration: `scrypt$N$r$p$salt$hash`. */
export async function hashSecret(secret: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

const HASH = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/** Parses a stored hash; null when it is not of the form hashSecret writes. */
export function parseSecretHash(stored: string): ParsedHash | null {
  const m = HASH.exec(stored);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (N < 2 || (N & (N - 1)) !== 0 || r < 1 || p < 1 || N * r > 1 << 24) return null;
  const key = Buffer.from(m[5], 'base64');
  if (key.length !== KEY_LENGTH) return null;
  return { cost: { N, r, p }, salt: Buffer.from(m[4], 'base64'), key };
}

/** Whether `secret` matches the stored hash (constant-time comparison). */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const h = parseSecretHash(stored);
  if (!h) return false;
  const key = await derive(secret, h.salt, h.cost);
  return timingSafeEqual(key, h.key);
}

/** Checks a users configuration; throws an Error naming the first bad entry. */
export function checkUsers(users: readonly UserConfig[]): void {
  const seen = new Set<string>();
  users.forEach((u, i) => {
    const where = `users[${i}]${typeof u?.id === 'string' ? ` (${u.id})` : ''}`;
    if (typeof u?.id !== 'string' || !/^[A-Za-z0-9._@-]{1,64}$/.test(u.id))
      throw new Error(`${where}: id must be 1-64 letters, digits or . _ @ -`);
    if (seen.has(u.id)) throw new Error(`${where}: duplicate id`);
    seen.add(u.id);
    if (typeof u.nation !== 'string' || !/^[A-Z]{2,3}$/.test(u.nation))
      throw new Error(`${where}: nation must be a code like 'US' or 'CA'`);
    if (!ROLES.includes(u.role)) throw new Error(`${where}: role must be one of ${ROLES.join(', ')}`);
    if (typeof u.secret !== 'string' || !parseSecretHash(u.secret))
      throw new Error(`${where}: secret must be a hash from hashSecret (scrypt$N$r$p$salt$hash), never the plain secret`);
  });
}

/** Whether `role` includes the rights of `needed` (viewer < operator < commander < admin). */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
