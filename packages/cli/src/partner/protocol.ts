/** Messages between the partner study's trial pool and its worker threads (plain, structured-cloneable data). */
import type { World } from '../../../core/src/engine/world.ts';
import type { TrialOutcome } from './trial-outcome.ts';

export const PARTNER_WORKER_KIND = 'golden-dome/partner-study-worker';

/** A raid world's heavy part (its flights), sent once per worker per raid. */
export type RaidFlights = Pick<World, 'missiles' | 'objects'>;
/** The rest of a world: an option's policy, sensors, batteries, windows and settings. */
export type WorldOverlay = Omit<World, 'missiles' | 'objects'>;

export type PartnerWorkerRequest =
  | { type: 'raid'; raid: string; flights: RaidFlights }
  | { type: 'world'; key: string; raid: string; overlay: WorldOverlay; partner: string; weaponTypes: Record<string, string> }
  | { type: 'run'; id: number; key: string; from: number; to: number }
  | { type: 'forget'; raid: string };

export type PartnerWorkerReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; outcomes: TrialOutcome[] }
  | { type: 'error'; id: number; message: string };
