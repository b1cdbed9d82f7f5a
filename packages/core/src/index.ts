/**
 * The core's API: what the other packages (scenario, pool, cli, server, web) import, and nothing else
 * (docs/engine-recut.md, step 6). A name another package needs is added here, from its one home.
 * The WebSocket protocol has its own entry (`@golden-dome/core/protocol`).
 */
export { DEG, G0, KM, MU_EARTH, OMEGA_EARTH, R_EARTH_MEAN, WGS84_A } from './constants.ts';
export { gmst, parseUtcEpoch } from './geo/time.ts';
export { toEcef, toEci } from './geo/earth-rotation.ts';
export { ecefToGeodetic, geodeticToEcef } from './geo/geodetic.ts';
export { destinationPoint, greatCircleDistance, initialAzimuth, northEastOffset } from './geo/great-circle.ts';
export { type KeplerElements, orbitalPeriod } from './orbits/kepler.ts';
export { earthAngle, type EarthModel, earthRate, eciToGeodetic, REAL_EARTH } from './geo/earth-model.ts';
export { type GeoPoint, type LatLon } from './geo/place.ts';
export { StateHistory } from './threats/state-history.ts';
export { type DragCurve, type RocketSpec } from './threats/rocket.ts';
export { type BallisticMissileSpec } from './threats/missile.ts';
export { aimMissile, burnoutFlightPathAngle, keplerMinimumEnergyReference, type TrajectoryShape } from './threats/targeting.ts';
export { aimGlideMissile, type GlideMissileSpec } from './threats/glide.ts';
export { aimFobs, type Approach, flyFobs, type FobsSpec } from './threats/fobs.ts';
export { type CruiseMissileSpec, flyCruiseMissile } from './threats/cruise.ts';
export { arcFromRangeAndApogee, minimumEnergyArc, minimumEnergyReach } from './threats/ballistic-closed-form.ts';
export {
  BALLISTIC_BATCH_STRIDE,
  type BallisticBatchResult,
  integrateBallisticBatch,
  w1Instance,
  w1Options,
} from './threats/ballistic-batch.ts';
export { fitMissileToTest, fitSurfaceFlight, maxRangeFromSurface, missileMaxRange } from './threats/test-reconstruction.ts';
export { flyoutDistance, ignitionDelay, type SpaceInterceptorSpec } from './weapons/space/space-interceptor.ts';
export { type Ephemeris, WalkerEphemeris } from './orbits/ephemeris.ts';
export { threatTrackFromHistory } from './space/threat-track.ts';
export { type LaunchPoint, launchTimeGrid, type Salvo, salvoCoverage } from './space/salvo-coverage.ts';
export { DEFAULT_PLANE_COUNTS, sizeConstellation, type SizingResult } from './space/constellation-sizing.ts';
export {
  COST_CATEGORIES,
  COST_CATEGORY_LABELS,
  costPerInterceptorSlot,
  lifecycleCost,
  type LifecycleCost,
  type LifecycleCostEstimate,
  type LifecycleCostInputs,
  type UncertainInput,
  type UncertainInputName,
} from './cost/lifecycle-cost.ts';
export {
  COST_SHARE_RULE_BASIS,
  COST_SHARE_RULE_LABELS,
  COST_SHARE_RULES,
  type CostShareRule,
  costShares,
  type CostShareSplit,
} from './cost/cost-share.ts';
export { dollarConversion, type DollarConversion, type PriceIndex } from './cost/constant-dollars.ts';
export { ascentTrack, pointsInPolygon, withBurnTimeScaled } from './space/launch-region.ts';
export { geostationaryOrbit, molniyaOrbit, SIDEREAL_DAY, walkerDelta, walkerStar } from './space/walker.ts';
export { parseTle, tleChecksum, tleMeanElements, TleParseError } from './orbits/tle.ts';
export { BatchEphemeris } from './orbits/batch-ephemeris.ts';
export { shotsNeeded } from './weapons/shots-needed.ts';
export { scrambleIntercept } from './weapons/air-intercept.ts';
export {
  detectionRange,
  type GroundRadarSpec,
  horizonCentralAngle,
  measureRadar,
  radarHorizonDistance,
  radarLook,
  radarVisibility,
  STANDARD_REFRACTION_K,
} from './sensors/radar/radar.ts';
export { expectedFalseAlarmsPerScan, resolutionCell, searchedCells } from './sensors/radar/false-alarms.ts';
export { othCoverage, othNominalBand, type OthRadarSpec } from './sensors/oth/oth-radar.ts';
export { REFERENCE_IONOSPHERE, skyWaveBand } from './sensors/oth/sky-wave.ts';
export { type AirborneOrbit, orbitPosition } from './sensors/airborne/airborne-radar.ts';
export { type AspectRcs } from './threats/aircraft.ts';
export { nees } from './tracking/ekf.ts';
export {
  type CoalitionPolicy,
  type DefendedAsset,
  defendedValue,
  eligibilityMask,
  engagementShare,
  mayEngage,
  type NationCode,
  type NationPolicy,
  type PolicyAsset,
  territoryOf,
  type TerritoryRegion,
  tracksVisibleTo,
} from './c2/national-policy.ts';
export { type SpaceIrSensorSpec } from './sensors/space-ir/space-infrared.ts';
export { chiSquareQuantile } from './tracking/association.ts';
export { flyoutTo, interceptorPosition, type SurfaceInterceptorSpec } from './weapons/surface-interceptor.ts';
export { launchSiteEci, pathFromHistory, pathFromSamples } from './weapons/fire-control.ts';
export { DEFAULT_DOCTRINE, type Doctrine, type InterceptorBattery, planEngagements, type ThreatTrackPicture } from './c2/battle-manager.ts';
export { type EngineEvent, NO_OBJECT_ID, sortEvents } from './engine/events.ts';
export { accelerationBound, pathDuration, pathPosition, pathProblems, SAG_M } from './engine/flyout.ts';
export {
  DEFAULT_TRACKER,
  type FighterSpec,
  type KindAsset,
  kindAssets,
  type SensorCapability,
  type TrackerSettings,
  type TrackMode,
  type World,
  type WorldAirBattery,
  type WorldAircraft,
  type WorldFighterBase,
  type WorldMissile,
  type WorldObject,
  type WorldOthRadar,
  type WorldRadar,
  type WorldSpaceLayer,
  type WorldSpaceSensor,
} from './engine/world.ts';
export { runTrial } from './engine/trial.ts';
export { precomputeWindows } from './weapons/surface/surface-windows.ts';
export { type ApprovalTimeout, DEFAULT_APPROVAL_TIMEOUT, type EngagementDecision, type LiveCommand } from './engine/live-command.ts';
export { runEstimatedTrial, type TrialKinds } from './engine/estimated-trial.ts';
export { streamFor } from './engine/random-streams.ts';
export { lookAtReleased, packScan, type RawScan, scanDraft, type SensorKind } from './sensors/kind.ts';
export { SENSOR_KINDS } from './sensors/kinds.ts';
export { BOOST_PHASE_KINDS, type BoostPhaseKind, TRACK_ENGAGED_KINDS, type TrackKind } from './weapons/kinds.ts';
export type { InterceptOffer, LaunchWindow, TrackEngagedKind, TrackWeapon } from './weapons/kind.ts';
export { buildSensorTables, sensorTablesOf } from './sensors/kind-tables.ts';
export { AIR_SEARCHES, airDefense, type AirTracking } from './engine/air-defense.ts';
export { type AirEstimate, type AirTrackView } from './engine/air-tracks.ts';
export { type RadarTables } from './sensors/radar/radar-looks.ts';
export { NO_OBJECT, type NationTrack } from './tracking/nation-tracker.ts';
export { type InfraredPicture } from './sensors/space-ir/infrared-picture.ts';
export { type MeanEstimate, meanInterval, type ProportionEstimate, wilsonInterval } from './analysis/intervals.ts';
export { summarizeTrial, type TrialSummary, trialSummaryContext, type TrialSummaryContext } from './analysis/trial-summary.ts';
export {
  addTrial,
  aggregateSummaries,
  type CampaignAggregate,
  campaignMetrics,
  type CampaignMetrics,
  canonicalAggregate,
  combine,
  countEstimate,
  emptyAggregate,
  SERIES,
} from './analysis/campaign-metrics.ts';
export { costExchange, type CostExchange, type CostExchangeInputs, type UnitCost } from './analysis/cost-exchange.ts';
export { trialsCsv } from './analysis/trials-csv.ts';
export { campaignLog } from './analysis/campaign-view.ts';
export { eventsVisibleTo, weaponOwners } from './c2/event-visibility.ts';
export { firstSeenObjects, sensorVisibleTo, weaponVisibleTo } from './c2/nation-picture.ts';
export { type ThreatPath } from './weapons/engagement.ts';
export {
  type FlightChoices,
  type FlownMissile,
  type FlownObject,
  flownMissile,
  flyThreat,
  type ThreatFlight,
  type ThreatSpec,
} from './threats/fly-threat.ts';
