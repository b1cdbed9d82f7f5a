import { Color } from 'cesium';
import type { ThreatPhase } from './threat-phase.ts';

/** The picture's colours, one place (the legend in index.html uses the same names). */
export const PHASE_COLOURS: Record<ThreatPhase, Color> = {
  boost: Color.fromCssColorString('#ffb000'),
  midcourse: Color.fromCssColorString('#ff4d4d'),
  reentry: Color.fromCssColorString('#ff33cc'),
  cruise: Color.fromCssColorString('#ffee58'),
};
/** Aircraft of the raid (bombers) and any other aircraft the scene carries (a nation's own: the interceptor colour). */
export const BOMBER_COLOUR = Color.fromCssColorString('#ff6d00');
/** An OTH radar's sky-wave band: by day (filled) and by night (outline). */
export const OTH_DAY_COLOUR = Color.fromCssColorString('#8ab4ff');
export const OTH_NIGHT_COLOUR = Color.fromCssColorString('#b39ddb');
/** A line-of-sight radar's coverage of a low cruise missile (horizon-limited), and an AEW orbit. */
export const LOW_COVERAGE_COLOUR = Color.fromCssColorString('#26c6da');
export const INTERCEPTOR_COLOUR = Color.fromCssColorString('#33ddff');
/** A nation's own fighter (a sortie the engine logged: scramble, climb, dash, shadowing). */
export const FIGHTER_COLOUR = Color.fromCssColorString('#7cff4d');
export const HIT_COLOUR = Color.fromCssColorString('#66ff66');
export const MISS_COLOUR = Color.fromCssColorString('#ffaa00');
export const WARHEAD_IMPACT_COLOUR = Color.fromCssColorString('#ff2020');
export const DECOY_IMPACT_COLOUR = Color.fromCssColorString('#aaaaaa');
export const CITY_SAFE_COLOUR = Color.fromCssColorString('#4caf50');
export const CITY_HIT_COLOUR = Color.fromCssColorString('#ff1744');
export const RADAR_COLOUR = Color.fromCssColorString('#8ab4ff');
export const BATTERY_COLOUR = Color.fromCssColorString('#00e5ff');
export const SATELLITE_COLOUR = Color.fromCssColorString('#e0e0ff');
