import type { TrialPicture } from './trial-picture.ts';

/** Whose view an export is, in words (every export carries it). */
export function viewLabel(p: TrialPicture): string {
  return p.view === undefined
    ? "the whole log (every nation's sensors and weapons, the truth of every object)"
    : `${p.view}'s view: its own and shared sensors (late by the share's delay), its own weapons; launches, burnouts and impacts are public`;
}

/** The track mode in words: the truth-tracks comparison mode is labelled as such in every export. */
export function tracksLabel(p: TrialPicture): string {
  return p.tracks === 'truth'
    ? 'TRUTH TRACKS (comparison mode: committed tracks follow the truth, decoys are not discriminated, kills are known at once)'
    : 'estimated tracks (sensors measure with their catalogue errors; each nation tracks what its policy lets it use)';
}

/** The export's title. */
export function exportTitle(p: TrialPicture): string {
  return `${p.scenario}, seed ${p.seed}, ${p.view === undefined ? 'whole log' : `as ${p.view}`}${p.tracks === 'truth' ? ', TRUTH TRACKS' : ''}`;
}

/** An ISO-8601 UTC time of scenario second t (to the millisecond). */
export function isoAt(p: Pick<TrialPicture, 'epochMs'>, t: number): string {
  return new Date(p.epochMs + Math.round(t * 1000)).toISOString();
}
