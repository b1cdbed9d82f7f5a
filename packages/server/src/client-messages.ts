import { z } from 'zod';

/** The largest client message [bytes] (docs/websocket-protocol.md). */
export const MAX_CLIENT_MESSAGE_BYTES = 4096;
export const MAX_SPEED = 1000;
export const MIN_SPEED = 1;

const speed = z.number().min(MIN_SPEED).max(MAX_SPEED);
const name = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a library scenario name (lower-case letters, digits, -)');

/** Every message a client may send; anything else is refused (docs/websocket-protocol.md). */
export const ClientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('watch'), scenario: name.optional(), seed: z.number().int().min(0).max(4294967295).optional(), trial: z.string().min(1).max(64).optional(),
    speed: speed.optional(), playing: z.boolean().optional(),
  }).refine((m) => (m.trial === undefined ? m.scenario !== undefined && m.seed !== undefined : m.scenario === undefined && m.seed === undefined), {
    message: "give either 'scenario' and 'seed' (a live trial) or 'trial' (a replay)",
  }),
  z.strictObject({ type: z.literal('play') }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('speed'), value: speed }),
  z.strictObject({ type: z.literal('seek'), t: z.number().finite() }),
  z.strictObject({ type: z.literal('decide'), assign: z.union([z.number().int().min(0), z.strictObject({ weapon: z.string().min(1).max(128), object: z.string().min(1).max(128) })]), decision: z.enum(['approve', 'deny']), note: z.string().max(500).optional() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

const KNOWN = new Set(['watch', 'play', 'pause', 'speed', 'seek', 'decide']);

/** Parses one client frame; a string saying what is wrong otherwise. */
export function parseClientMessage(text: string): ClientMessage | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'malformed JSON: every message is one JSON object';
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'a message must be a JSON object with a type';
  const type = (data as { type?: unknown }).type;
  if (typeof type !== 'string' || !KNOWN.has(type)) return `unknown message type ${JSON.stringify(type)?.slice(0, 40) ?? 'undefined'} (known: ${[...KNOWN].join(', ')})`;
  const r = ClientMessage.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  return `bad '${type}' message: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}
