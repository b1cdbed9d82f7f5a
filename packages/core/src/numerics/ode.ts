/** Right-hand side of y' = f(t, y): writes dy/dt into dydt. Must not keep references to y or dydt. */
export type Derivative = (t: number, y: Float64Array, dydt: Float64Array) => void;

/**
 * "When does X happen" as one mechanism (cf. Orekit's event detectors): an event is a zero of g(t, y)
 * crossed in the given direction (+1 rising, -1 falling, 0 either). The integrator brackets the
 * crossing over an accepted step and locates the root on its dense output.
 */
export interface EventDetector {
  readonly name: string;
  g(t: number, y: Float64Array): number;
  readonly direction?: -1 | 0 | 1;
  /** Stop the integration at this event. */
  readonly terminal?: boolean;
}

export interface EventOccurrence {
  name: string;
  t: number;
  /** Index of the detector in the list passed to the integrator. */
  index: number;
}

export interface IntegrationResult {
  /** Time reached: tEnd, or the time of the terminal event. */
  t: number;
  /** Name of the terminal event that stopped the integration, or null if tEnd was reached. */
  stoppedBy: string | null;
  /** Every event located, in time order (terminal included). */
  events: EventOccurrence[];
  acceptedSteps: number;
  rejectedSteps: number;
  evaluations: number;
}

/** Called after each accepted step with the step's end state (do not keep the array). */
export type StepObserver = (t: number, y: Float64Array) => void;

/** Called when an event is located, with the state at the event (do not keep the array). */
export type EventHandler = (event: EventOccurrence, y: Float64Array) => void;
