import type { EngineEvent, World } from '@golden-dome/core';
import { trialCzml } from './czml.ts';
import { trialGeoJson } from './geojson.ts';
import { trialKml } from './kml.ts';
import { trialPicture, type TrialPictureOptions } from './trial-picture.ts';

/** The export formats (`dome export --format`, `GET /api/trials/:id/export?format=`). */
export const EXPORT_FORMATS = ['czml', 'kml', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Each format's media type and file extension. */
export const EXPORT_TYPES: Readonly<Record<ExportFormat, { contentType: string; extension: string }>> = {
  czml: { contentType: 'application/json; charset=utf-8', extension: 'czml' },
  kml: { contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8', extension: 'kml' },
  geojson: { contentType: 'application/geo+json; charset=utf-8', extension: 'geojson' },
};

export function isExportFormat(text: string): text is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(text);
}

/**
 * One trial in one view as text in a format: the picture is read once from the world and the log
 * (trial-picture.ts), filtered to the view, then written (docs/interop-exports.md).
 */
export function exportTrial(format: ExportFormat, world: World, log: readonly EngineEvent[], options: TrialPictureOptions): string {
  const picture = trialPicture(world, log, options);
  switch (format) {
    case 'czml':
      return JSON.stringify(trialCzml(picture));
    case 'kml':
      return trialKml(picture);
    case 'geojson':
      return JSON.stringify(trialGeoJson(picture));
  }
}
