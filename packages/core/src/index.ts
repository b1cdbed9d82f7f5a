export * from './constants.ts';
export * from './geo/time.ts';
export * from './geo/earth-rotation.ts';
export * from './geo/geodetic.ts';
export * from './geo/enu.ts';
export * from './geo/great-circle.ts';
export * from './atmosphere/us76.ts';
export * from './gravity/j2.ts';
export * from './numerics/ode.ts';
export * from './numerics/rk4.ts';
export * from './numerics/dopri5.ts';
export * from './orbits/kepler.ts';
export * from './geo/earth-model.ts';
export * from './geo/place.ts';
export * from './threats/state-history.ts';
export * from './threats/rocket.ts';
export * from './threats/dynamics.ts';
export * from './threats/boost.ts';
export * from './threats/ballistic.ts';
export * from './threats/missile.ts';
export * from './threats/missile-flight.ts';
export * from './numerics/roots.ts';
export * from './threats/targeting.ts';
export * from './threats/glide.ts';
export * from './threats/fobs.ts';
export * from './threats/cruise.ts';
export * from './threats/ballistic-closed-form.ts';
export * from './threats/ballistic-batch.ts';
export * from './threats/test-reconstruction.ts';
export * from './weapons/space-interceptor.ts';
export * from './orbits/ephemeris.ts';
export * from './space/threat-track.ts';
export * from './space/boost-phase-reach.ts';
export * from './space/salvo-assignment.ts';
export * from './space/salvo-coverage.ts';
export * from './space/constellation-sizing.ts';
export * from './cost/lifecycle-cost.ts';
export * from './cost/cost-share.ts';
export * from './cost/constant-dollars.ts';
export * from './space/launch-region.ts';
export * from './orbits/j2-secular.ts';
export * from './space/walker.ts';
export * from './orbits/tle.ts';
export * from './space/access.ts';
export * from './space/access-planes.ts';
export * from './space/access-grid.ts';
export * from './orbits/batch-ephemeris.ts';
export * from './orbits/numerical-propagator.ts';
export * from './weapons/shots-needed.ts';
export * from './weapons/air-intercept.ts';
export * from './engine/air-defense.ts';
export * from './sensors/radar.ts';
export * from './sensors/sky-wave.ts';
export * from './sensors/airborne-radar.ts';
export * from './threats/aircraft.ts';
export * from './tracking/ekf.ts';
export * from './tracking/reentry-ekf.ts';
export * from './tracking/kalman-update.ts';
export * from './tracking/fusion.ts';
export * from './c2/national-policy.ts';
export {
  solveWtaGreedy,
  greedyAssign,
  improveWta,
  wtaObjective,
  validateWtaProblem,
  wtaShotCaps,
  type WtaProblem,
  type WtaOptions,
  type WtaResult,
} from './c2/wta-greedy.ts';
export * from './sensors/space-infrared.ts';
export * from './tracking/radar-innovation.ts';
export * from './tracking/association.ts';
export * from './tracking/discrimination.ts';
export * from './weapons/surface-interceptor.ts';
export * from './weapons/fire-control.ts';
export * from './c2/battle-manager.ts';
export * from './random/sfc32.ts';
export * from './engine/events.ts';
export * from './engine/flyout.ts';
export * from './engine/world.ts';
export * from './engine/trial.ts';
export {
  commandShot,
  DEFAULT_APPROVAL_TIMEOUT,
  type LiveCommand,
  type EngagementDecision,
  type ApprovalTimeout,
  type CommandOutcome,
  type ResolvedDecision,
} from './engine/live-command.ts';
export { runEstimatedTrial, streamFor } from './engine/estimated-trial.ts';
export * from './weapons/handover.ts';
export { precomputeRadarLooks, trackingInterval } from './engine/radar-looks.ts';
export { launchAndEngageBoosts } from './engine/boost-phase.ts';
export * from './tracking/nation-tracker.ts';
export * from './tracking/snapshot-log.ts';
export * from './engine/infrared-detections.ts';
export * from './analysis/exact-sum.ts';
export * from './analysis/intervals.ts';
export * from './analysis/trial-summary.ts';
export * from './analysis/campaign-metrics.ts';
export * from './analysis/cost-exchange.ts';
export * from './analysis/trials-csv.ts';
export * from './analysis/campaign-view.ts';
export * from './c2/event-visibility.ts';
export * from './c2/nation-picture.ts';
export * from './tracking/floor-handover.ts';
