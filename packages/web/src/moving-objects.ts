import {
  CallbackProperty,
  Cartesian2,
  Cartesian3,
  Color,
  ConstantProperty,
  type Entity,
  ExtrapolationType,
  LabelStyle,
  PolylineGlowMaterialProperty,
  SampledPositionProperty,
  VerticalOrigin,
  type Viewer,
} from 'cesium';
import { FIGHTER_COLOUR, INTERCEPTOR_COLOUR, PHASE_COLOURS } from './palette.ts';
import type { EngineEvent, PositionReport } from './protocol.ts';
import type { ScenarioClock } from './scenario-clock.ts';
import { type ThreatPhase, ThreatPhases } from './threat-phase.ts';

/** A trail gets a new vertex when this much scenario time has passed since its last one [s]. */
const TRAIL_STEP_S = 4;

/** What an object is drawn as: a threat's phase, an interceptor, or a fighter (a nation's own sortie). */
export type DrawnPhase = ThreatPhase | 'interceptor' | 'fighter';

interface Trail {
  phase: DrawnPhase;
  points: Cartesian3[];
  entity: Entity;
}

interface Moving {
  kind: PositionReport['kind'];
  /** The latest report of it (what the info box shows). */
  last: PositionReport;
  phase: DrawnPhase;
  head: Entity;
  position: SampledPositionProperty;
  trails: Trail[];
  lastTrailT: number;
}

/**
 * Threats, interceptors and the nation's own fighters as the server reports them (`positions` messages): a point per object,
 * moving between the server's samples (Cesium interpolates; no physics here), with a trail coloured
 * by the threat's phase. An object missing from a report is gone (destroyed, impacted, or no longer
 * visible to this nation): its point is removed, its trail kept.
 */
export class MovingObjects {
  readonly phases = new ThreatPhases();
  private readonly objects = new Map<string, Moving>();
  /** Every object ever shown since the last reset, by kind (what the tests and legend count). */
  readonly seen = { threat: new Set<string>(), interceptor: new Set<string>(), fighter: new Set<string>() };

  constructor(
    private readonly viewer: Viewer,
    private readonly clock: ScenarioClock,
  ) {}

  event(e: EngineEvent): void {
    this.phases.event(e);
  }

  report(t: number, reports: readonly PositionReport[]): void {
    const present = new Set<string>();
    for (const r of reports) {
      present.add(r.id);
      const at = Cartesian3.fromRadians(r.longitude, r.latitude, r.altitude);
      const m = this.objects.get(r.id) ?? this.add(r);
      m.position.addSample(this.clock.julian(t), at);
      const phase: DrawnPhase = r.kind === 'threat' ? this.phases.phase(r.id, r.altitude) : r.kind;
      m.last = r;
      m.phase = phase;
      const trail = m.trails[m.trails.length - 1];
      if (!trail || trail.phase !== phase) {
        // a new phase starts its own trail where the last one ended, so that the line is continuous
        const last = trail?.points[trail.points.length - 1];
        m.trails.push(this.trail(r.id, phase, last ? [last, at] : [at]));
        m.lastTrailT = t;
        if (m.head.point) m.head.point.color = new ConstantProperty(colourOf(phase));
      } else if (t - m.lastTrailT >= TRAIL_STEP_S || t < m.lastTrailT) {
        trail.points.push(at);
        m.lastTrailT = t;
      }
    }
    for (const [id, m] of this.objects) {
      if (!present.has(id) && m.head.show) {
        m.head.show = false;
        this.viewer.entities.remove(m.head);
      }
    }
  }

  /** The latest report and drawn phase of an object shown now (undefined when it is not). */
  latest(id: string): { report: PositionReport; phase: DrawnPhase } | undefined {
    const m = this.objects.get(id);
    return m?.head.show ? { report: m.last, phase: m.phase } : undefined;
  }

  /**
   * The trails drawn for an object (its id, not the entity's), oldest first, each with its vertices as
   * drawn (ECEF metres, the head's current position not included); undefined when none is drawn.
   */
  trailsOf(id: string): Array<{ phase: string; points: Array<[number, number, number]> }> | undefined {
    const m = this.objects.get(id);
    if (!m) return undefined;
    return m.trails.map((tr) => ({ phase: tr.phase, points: tr.points.map((p): [number, number, number] => [p.x, p.y, p.z]) }));
  }

  /** Objects shown right now, by kind. */
  shown(kind: PositionReport['kind']): number {
    let n = 0;
    for (const m of this.objects.values()) if (m.kind === kind && m.head.show) n++;
    return n;
  }

  clear(): void {
    for (const m of this.objects.values()) {
      this.viewer.entities.remove(m.head);
      for (const trail of m.trails) this.viewer.entities.remove(trail.entity);
    }
    this.objects.clear();
    this.phases.clear();
    this.seen.threat.clear();
    this.seen.interceptor.clear();
    this.seen.fighter.clear();
  }

  private add(r: PositionReport): Moving {
    const cruise = r.kind === 'threat' && this.phases.isCruise(r.id);
    const position = new SampledPositionProperty();
    position.forwardExtrapolationType = ExtrapolationType.HOLD;
    position.backwardExtrapolationType = ExtrapolationType.HOLD;
    const head = this.viewer.entities.add({
      id: `${r.kind}:${r.id}`,
      name: r.id,
      position,
      // a cruise missile is drawn small (low and slow: it is the long trail that shows it), a ballistic object larger
      point: {
        pixelSize: r.kind === 'threat' && !cruise ? 8 : 6,
        color: r.kind === 'threat' ? PHASE_COLOURS[cruise ? 'cruise' : 'midcourse'] : colourOf(r.kind),
        outlineWidth: 1,
      },
      // threats and fighters carry their id as a label (interceptors' ids are long: their info box names them)
      label:
        r.kind !== 'interceptor'
          ? {
              text: r.id,
              font: '11px sans-serif',
              fillColor: Color.WHITE,
              style: LabelStyle.FILL_AND_OUTLINE,
              outlineWidth: 2,
              verticalOrigin: VerticalOrigin.BOTTOM,
              pixelOffset: new Cartesian2(0, -8),
            }
          : undefined,
    });
    const m: Moving = {
      kind: r.kind,
      last: r,
      phase: r.kind === 'threat' ? (cruise ? 'cruise' : 'midcourse') : r.kind,
      head,
      position,
      trails: [],
      lastTrailT: -Infinity,
    };
    this.objects.set(r.id, m);
    this.seen[r.kind].add(r.id);
    return m;
  }

  private trail(id: string, phase: Trail['phase'], points: Cartesian3[]): Trail {
    const trail: Trail = { phase, points, entity: undefined as unknown as Entity };
    // the head's current (interpolated) position closes the line, so the trail follows the point
    const head = this.objects.get(id);
    trail.entity = this.viewer.entities.add({
      polyline: {
        positions: new CallbackProperty((time) => {
          const current = head?.head.show ? head.position.getValue(time) : undefined;
          return current && trail === head?.trails[head.trails.length - 1] ? [...trail.points, current] : trail.points;
        }, false),
        width: phase === 'interceptor' || phase === 'fighter' || phase === 'cruise' ? 2 : 3,
        material: new PolylineGlowMaterialProperty({ color: colourOf(phase), glowPower: 0.2 }),
      },
    });
    return trail;
  }
}

function colourOf(phase: Trail['phase']): Color {
  return phase === 'interceptor' ? INTERCEPTOR_COLOUR : phase === 'fighter' ? FIGHTER_COLOUR : PHASE_COLOURS[phase];
}
