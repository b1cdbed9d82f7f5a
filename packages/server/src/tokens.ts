import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type User } from './users.ts';

/**
 * Signed bearer tokens: `base64url(JSON payload).base64url(HMAC-SHA256(server secret, payload part))`,
 * both parts in canonical unpadded base64url (the only encoding of their bytes; any other is refused),
 * the payload `{ sub, nation, role, exp }` (exp in Unix seconds). A token names the user, nation and
 * role it was issued for; the server also checks that the user still exists with that nation and role,
 * so removing or changing a user in the configuration revokes its tokens at the next restart.
 */
export interface TokenClaims extends User {
  /** Expiry, Unix seconds. */
  exp: number;
}

export const MAX_TOKEN_LENGTH = 1024;
export const DEFAULT_TOKEN_TTL_S = 3600;
export const MAX_TOKEN_TTL_S = 86_400;

/** A fresh random server secret (tokens then last until the server restarts). */
export function randomTokenSecret(): Buffer {
  return randomBytes(32);
}

const mac = (secret: Buffer, payload: string): Buffer => createHmac('sha256', secret).update(payload).digest();

export function signToken(secret: Buffer, user: User, expiresAtS: number): string {
  const payload = Buffer.from(JSON.stringify({ sub: user.id, nation: user.nation, role: user.role, exp: expiresAtS })).toString(
    'base64url',
  );
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** Why a token is refused, for the 401 message. */
export class TokenError extends Error {}

/** The claims of a valid, unexpired token; throws TokenError saying why otherwise. */
export function verifyToken(secret: Buffer, token: string, nowS: number): TokenClaims {
  if (token.length > MAX_TOKEN_LENGTH) throw new TokenError('token too long');
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!m) throw new TokenError('malformed token');
  const given = Buffer.from(m[2], 'base64url');
  const expected = mac(secret, m[1]);
  // the bytes must match AND the text must be their one canonical encoding: base64url of 32 bytes ends
  // in a character carrying 2 unused bits, which Buffer.from ignores, so 4 texts decode to each MAC
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || given.toString('base64url') !== m[2])
    throw new TokenError('bad token signature');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('malformed token');
  }
  const c = claims as { sub?: unknown; nation?: unknown; role?: unknown; exp?: unknown };
  if (typeof c.sub !== 'string' || typeof c.nation !== 'string' || !ROLES.includes(c.role as User['role']) || typeof c.exp !== 'number')
    throw new TokenError('malformed token');
  if (c.exp <= nowS) throw new TokenError('token expired');
  return { id: c.sub, nation: c.nation, role: c.role as User['role'], exp: c.exp };
}
