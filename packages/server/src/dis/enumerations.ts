import type { EntityType } from './pdus.ts';

/**
 * The SISO-REF-010 enumerations ("Enumerations for Simulation Interoperability") this stream uses, by
 * the document's uid, with the values as Wireshark's DIS dissector (4.0) and the open-dis generated
 * enumeration files (SISO-REF-010 v28) print them. Where no exact entry exists for a system here (no
 * SISO entity type names a Hwasong-17 re-entry vehicle, an NGI, or a space-based interceptor carrier),
 * the generic entry one level up is used, as docs/dis.md says: subcategory, specific and extra 0.
 */

/** uid 7 Entity Kind */
export const KIND = { platform: 1, munition: 2 } as const;
/** uid 8 Platform Domain */
export const PLATFORM_DOMAIN = { land: 1, air: 2, space: 5 } as const;
/** uid 11 Platform Air Category: 1 "Fighter/Air Defense". */
export const AIR_CATEGORY_FIGHTER = 1;
/** uid 14 Munition Domain */
export const MUNITION_DOMAIN = { antiGuidedWeapon: 3, strategic: 10 } as const;
/** uid 15 Munition Category */
export const MUNITION_CATEGORY = { guided: 1, ballistic: 2 } as const;
/** uid 13 Platform Space Category: 11 "Satellite - Unknown/Unspecified Mission" (no weapon-carrier category exists). */
export const SPACE_CATEGORY_SATELLITE_UNSPECIFIED = 11;
/** uid 6 Force ID */
export const FORCE = { friendly: 1, opposing: 2 } as const;
/** uid 44 Dead Reckoning Algorithm: 1 Static, 2 DRM(F,P,W) constant velocity, 5 DRM(F,V,W) constant acceleration; world coordinates, no rotation. */
export const DEAD_RECKONING = { static: 1, fpw: 2, fvw: 5 } as const;
/** uid 62 Detonation Result: 1 Entity Impact (a hit-to-kill hit), 32 Miss due to end-game failure (a kill vehicle that misses). */
export const DETONATION_RESULT = { entityImpact: 1, missEndGame: 32 } as const;

/** uid 29 Country, for the nation codes the scenario policies use; others are 0 (Other). */
export const COUNTRY: Readonly<Record<string, number>> = {
  US: 225,
  CA: 39,
  UK: 224,
  GB: 224,
  AU: 13,
  FR: 71,
  JP: 110,
  KR: 120,
  KP: 119,
  RU: 222,
  CN: 45,
};
export const countryOf = (nation: string): number => COUNTRY[nation] ?? 0;

/**
 * Appearance record (§6.2.26, SISO-REF-010 "General Appearance" bit fields, common to platforms and
 * munitions): bits 3-4 damage (3 destroyed), bit 23 state (1 deactivated: the receiver removes the entity).
 */
export const APPEARANCE = { destroyed: 3 << 3, deactivated: 1 << 23 } as const;

const type = (kind: number, domain: number, country: number, category: number): EntityType => ({
  kind,
  domain,
  country,
  category,
  subcategory: 0,
  specific: 0,
  extra: 0,
});

/**
 * A threat object (re-entry vehicle or decoy alike: a nation's picture does not tell them apart by type):
 * Munition / Strategic / Guided, country 0 (a nation's picture holds the launch site, not who launched).
 */
export const threatType = (): EntityType => type(KIND.munition, MUNITION_DOMAIN.strategic, 0, MUNITION_CATEGORY.guided);
/** An interceptor (kill vehicle in fly-out): Munition / Anti-Guided Weapon / Guided, the owner's country (as SISO lists ABM interceptors). */
export const interceptorType = (owner: string): EntityType =>
  type(KIND.munition, MUNITION_DOMAIN.antiGuidedWeapon, countryOf(owner), MUNITION_CATEGORY.guided);
/** A satellite of a space layer: Platform / Space / Satellite - Unknown/Unspecified Mission. */
export const satelliteType = (owner: string): EntityType =>
  type(KIND.platform, PLATFORM_DOMAIN.space, countryOf(owner), SPACE_CATEGORY_SATELLITE_UNSPECIFIED);
/** A fighter (a sortie of the air layer): Platform / Air / Fighter/Air Defense, the owner's country. */
export const fighterType = (owner: string): EntityType => type(KIND.platform, PLATFORM_DOMAIN.air, countryOf(owner), AIR_CATEGORY_FIGHTER);
/** An interceptor battery (launch site): Platform / Land / category 0 (Other). */
export const batteryType = (owner: string): EntityType => type(KIND.platform, PLATFORM_DOMAIN.land, countryOf(owner), 0);
