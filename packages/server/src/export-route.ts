import type { EngineEvent } from '@golden-dome/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditDraft } from './audit-log.ts';
import { VIEW_PATTERN, viewRefusal } from './campaign-view.ts';
import { EXPORT_FORMATS, EXPORT_TYPES, type ExportFormat } from './export/export-trial.ts';
import type { TrialStore } from './trial-store.ts';
import type { User } from './users.ts';

export interface TrialExportDeps {
  store: TrialStore;
  userOf: (request: FastifyRequest) => User;
  auditRefusal: (request: FastifyRequest, draft: Omit<AuditDraft, 'via' | 'outcome' | 'route' | 'ip'>) => unknown;
}

class ExportHttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

type ExportRoute = { Params: { id: string }; Querystring: { format: ExportFormat; as?: string } };

/**
 * `GET /api/trials/:id/export?format=czml|kml|geojson[&as=NATION]` (any signed-in user): a stored trial
 * as CZML, KML or GeoJSON in the requesting user's nation's view (export/trial-picture.ts: the events
 * eventsVisibleTo releases to it, the sensors it may use, its own weapons). Refused:
 *  - `?as=` another nation: 403, audited, whatever the trial (the same rule as the campaigns' views);
 *  - a trial its nation does not keep (trial-store.ts keeps trials per nation): 404, as if it did not
 *    exist, audited when it exists (for both nations);
 *  - a format that is not one of the three, an `as` that is not a nation code, unknown parameters: 400.
 * An export is computed on the trial pool (the store's exportText: pool-tasks.ts), in the lane of the
 * user who asked, not on the event loop. The last {@link EXPORTS_CACHED} exports (per trial, nation and
 * format) are kept in memory and served again while the trial's log is the same (a commander's
 * decision replaces the log: computed again).
 */
export const EXPORTS_CACHED = 16;

export function registerTrialExport(app: FastifyInstance, deps: TrialExportDeps): void {
  // least recently used first (a Map keeps insertion order; a hit is moved to the end)
  const cache = new Map<string, { events: readonly EngineEvent[]; text: string }>();
  app.get<ExportRoute>(
    '/api/trials/:id/export',
    {
      config: { role: 'viewer' },
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['format'],
          properties: { format: { type: 'string', enum: [...EXPORT_FORMATS] }, as: { type: 'string', pattern: VIEW_PATTERN } },
        },
      },
    },
    async (request, reply) => {
      const user = deps.userOf(request);
      const refused = viewRefusal(user, request.query.as);
      if (refused) {
        const message = `${user.id} is a user of ${user.nation}: it may export ${user.nation}'s view of a trial only, not ${request.query.as}'s`;
        deps.auditRefusal(request, { kind: 'forbidden', user: user.id, nation: user.nation, reason: message });
        throw new ExportHttpError(refused.status, message);
      }
      const id = request.params.id;
      const trial = await deps.store.get(id);
      const kept = trial !== undefined && deps.store.keptBy(user.nation).includes(id);
      if (trial && !kept)
        deps.auditRefusal(request, {
          kind: 'forbidden',
          user: user.id,
          nation: user.nation,
          concerns: trial.nation,
          reason: `export of trial ${id}, which ${user.nation} does not keep`,
        });
      if (!trial || !kept) throw new ExportHttpError(404, `no trial '${id}'`);
      const format = request.query.format;
      const key = `${trial.id}|${user.nation}|${format}`;
      const hit = cache.get(key);
      cache.delete(key);
      const events = trial.events;
      const text =
        hit && hit.events === events
          ? hit.text
          : await deps.store.exportText(trial, user.nation, format, { nation: user.nation, user: user.id });
      cache.set(key, { events, text });
      for (const old of cache.keys()) {
        if (cache.size <= EXPORTS_CACHED) break;
        cache.delete(old);
      }
      const type = EXPORT_TYPES[format];
      return reply
        .header('content-type', type.contentType)
        .header('content-disposition', `attachment; filename="${trial.scenario}-seed${trial.seed}-${user.nation}.${type.extension}"`)
        .send(text);
    },
  );
}
