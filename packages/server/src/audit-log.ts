import type { NationCode } from '@golden-dome/core';
import { RingBuffer } from './ring-buffer.ts';
import type { ServerDatabase } from './server-database.ts';
import type { User } from './users.ts';

export type Decision = 'approve' | 'deny';

/**
 * What an entry is about: a commander's engagement decision; a failed or throttled sign-in; a request
 * or message refused for the user's role, ownership or a cap; a refused WebSocket connection or
 * message; a campaign cancelled.
 */
export type AuditKind = 'decision' | 'login' | 'forbidden' | 'socket' | 'cancel';

export interface AuditEntry {
  seq: number;
  time: string;
  kind: AuditKind;
  /** The user id (for a failed sign-in, the id claimed; '' when none could be read). */
  user: string;
  /** The user's nation, when the user is known. */
  nation?: NationCode;
  via: 'rest' | 'websocket';
  outcome: 'recorded' | 'refused';
  reason: string;
  /** `METHOD /path` of a REST request, or the WebSocket message type. */
  route?: string;
  /** The client's address (refused attempts). */
  ip?: string;
  /** Another nation whose asset the attempt was about (e.g. the nation of a campaign asked for); it sees the entry too. */
  concerns?: NationCode;
  /** Attempts this entry stands for (repeated throttled sign-ins are counted on one entry per window). */
  count?: number;
  // decisions
  trial?: string;
  weapon?: string;
  object?: string;
  decision?: Decision;
  /** The nation owning the weapon, when the weapon is known in the trial's world. */
  weaponOwner?: NationCode;
  note?: string;
}

export type AuditDraft = Omit<AuditEntry, 'seq' | 'time'>;

/** Entries per page of GET /api/audit: default and most. */
export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1000;
/** Entries kept of each outcome (recorded, refused); the oldest are dropped (counted). */
export const AUDIT_CAPACITY = 10_000;

export interface AuditPage {
  /** Oldest first. */
  entries: AuditEntry[];
  /** `before` of the next (older) page; null when this is the oldest kept. */
  nextBefore: number | null;
  /** Entries dropped from the log so far (all nations), by outcome. */
  dropped: { recorded: number; refused: number };
}

/**
 * The audit log (REST and WebSocket share it): every decision and every refused attempt. Bounded: two
 * rings, recorded entries and refused ones, so that a flood of refused attempts cannot push decisions
 * out. Entries are numbered in one sequence across both; pages go backwards by `before`.
 * Who sees an entry: the commanders (and admins) of the nation that made it, of the nation owning the
 * weapon it is about or whose asset it concerns; an admin sees every entry (sign-ins of unknown users
 * have no nation and are seen by admins only).
 * With a database, every entry is written as it is made (and forgotten there when its ring drops it),
 * and the log starts from the entries kept there: it survives a restart.
 */
export class AuditLog {
  private seq = 0;
  private readonly recorded: RingBuffer<AuditEntry>;
  private readonly refused: RingBuffer<AuditEntry>;
  private readonly repeats = new Map<string, AuditEntry>();

  constructor(
    private readonly now: () => number,
    capacity = AUDIT_CAPACITY,
    private readonly db?: ServerDatabase,
  ) {
    this.recorded = new RingBuffer(capacity);
    this.refused = new RingBuffer(capacity);
    if (db) {
      for (const [outcome, ring] of [
        ['recorded', this.recorded],
        ['refused', this.refused],
      ] as const) {
        for (const e of db.auditEntries(outcome)) {
          ring.push(e);
          this.seq = Math.max(this.seq, e.seq);
        }
        ring.dropped += Number(db.meta(`audit.dropped.${outcome}`) ?? 0);
      }
    }
  }

  append(draft: AuditDraft): AuditEntry {
    this.seq += 1;
    const entry: AuditEntry = { seq: this.seq, time: new Date(this.now()).toISOString(), ...draft };
    const ring = entry.outcome === 'recorded' ? this.recorded : this.refused;
    const pushedOut = ring.length === ring.capacity ? ring.first() : undefined;
    ring.push(entry);
    this.db?.putAuditEntry(entry, pushedOut ? { seq: pushedOut.seq, dropped: ring.dropped } : undefined);
    return entry;
  }

  /**
   * A refused attempt that may repeat fast (throttled sign-ins): the first of `key` is an entry; later
   * ones, while that entry is still the latest of its key and kept, add to its `count`.
   */
  appendRepeated(key: string, draft: AuditDraft): AuditEntry {
    const known = this.repeats.get(key);
    const oldest = this.refused.first()?.seq ?? Infinity;
    if (known && known.seq >= oldest) {
      known.count = (known.count ?? 1) + 1;
      this.db?.putAuditEntry(known);
      return known;
    }
    if (this.repeats.size >= 10_000) this.repeats.clear();
    const entry = this.append({ ...draft, count: 1 });
    this.repeats.set(key, entry);
    return entry;
  }

  /** Whether `viewer` may see `e` (see the class comment). */
  static visibleTo(viewer: User, e: AuditEntry): boolean {
    return (
      viewer.role === 'admin' ||
      (e.nation !== undefined && e.nation === viewer.nation) ||
      e.weaponOwner === viewer.nation ||
      e.concerns === viewer.nation
    );
  }

  /** The `limit` newest entries `viewer` may see with seq < `before`, oldest first. */
  page(viewer: User, options: { before?: number; limit?: number } = {}): AuditPage {
    const before = options.before ?? Infinity;
    const limit = Math.min(AUDIT_PAGE_MAX, Math.max(1, options.limit ?? AUDIT_PAGE_DEFAULT));
    const out: AuditEntry[] = [];
    const a = this.recorded.newestFirst(),
      b = this.refused.newestFirst();
    let x = a.next(),
      y = b.next();
    let more = false;
    // merge the two rings newest first (each is in seq order)
    while (!x.done || !y.done) {
      let e: AuditEntry;
      if (y.done || (!x.done && x.value.seq > y.value.seq)) {
        e = x.value as AuditEntry;
        x = a.next();
      } else {
        e = y.value;
        y = b.next();
      }
      if (e.seq >= before || !AuditLog.visibleTo(viewer, e)) continue;
      if (out.length === limit) {
        more = true;
        break;
      }
      out.push(e);
    }
    out.reverse();
    return {
      entries: out,
      nextBefore: more ? (out[0]?.seq ?? null) : null,
      dropped: { recorded: this.recorded.dropped, refused: this.refused.dropped },
    };
  }
}
