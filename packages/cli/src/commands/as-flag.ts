import type { CoalitionPolicy, NationCode } from '@golden-dome/core';
import { UsageError } from '../usage-error.ts';

/**
 * `--as NATION`: compute every output from that nation's view (core's campaignLog, the events the
 * coalition policy releases to it, as the server does for its users). The nation must be one of the
 * scenario's policy; anything else is a usage error naming the nations there are (exit 2).
 */
export function asFlag(text: string | undefined, policy: CoalitionPolicy, file: string): NationCode | undefined {
  if (text === undefined) return undefined;
  const nations = Object.keys(policy.nations).sort();
  if (!nations.includes(text)) {
    throw new UsageError(
      `--as: '${text.slice(0, 16)}' is not a nation of ${file}'s policy '${policy.name}' (nations: ${nations.join(', ')})`,
    );
  }
  return text;
}
