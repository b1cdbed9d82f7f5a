import { Cartesian3, Cartographic, type Entity, Rectangle, SceneMode, SceneTransforms } from 'cesium';
import './style.css';
import { AirPicture } from './air-picture.ts';
import { BatterySites } from './battery-sites.ts';
import { Connection } from './connection.ts';
import { Constellations } from './constellations.ts';
import { DefendedCities } from './defended-cities.ts';
import { EngagementMarkers } from './engagement-markers.ts';
import { EventList } from './event-list.ts';
import { createGlobe } from './globe.ts';
import { MetricsPanel } from './metrics-panel.ts';
import { MovingObjects } from './moving-objects.ts';
import { NationSwitcher } from './nation-switcher.ts';
import { DecisionPanel } from './decision-panel.ts';
import { Inspector } from './inspector.ts';
import { aircraftInfo, movingObjectInfo, WarheadBelief } from './object-info.ts';
import { raidFrame } from './raid-frame.ts';
import { frameRateCap, readPageOptions, socketUrl } from './page-options.ts';
import type { ClientMessage, EngineEvent, SceneMessage, ServerMessage, WatchRequest } from './protocol.ts';
import { ScenarioClock } from './scenario-clock.ts';
import { SensorCoverage } from './sensor-coverage.ts';
import { TimelineControls } from './timeline-controls.ts';

/**
 * The common operating picture: wires the server's messages to the globe's layers and the panels.
 * It holds no physics; everything it draws came over the socket, already filtered for its nation.
 */

/** What the page exposes for its browser tests and for anyone curious in the console. */
export interface PictureState {
  frames: number;
  /** Caps the globe's frame rate as the page's `&fps=` does (undefined: no cap, the browser's animation frames). */
  frameRate: (fps: number | undefined) => void;
  /** Whether the globe's imagery tiles for the current view have all loaded. */
  tilesLoaded: boolean;
  /** Ids of the globe's entities (threats are `threat:<id>`, interceptors `interceptor:<id>`, cities `city:<id>`, …). */
  entityIds: () => string[];
  hello?: { user: string; nation: string; role: string; demo: boolean };
  scene?: {
    trial: string;
    scenario: string;
    nation: string;
    start: number;
    end: number;
    radars: number;
    batteries: number;
    cities: number;
    satellites: number;
    aircraft: number;
    cruise: number;
  };
  clock: { t: number; speed: number; playing: boolean; received: number };
  shown: () => {
    threats: number;
    interceptors: number;
    fighters: number;
    threatsSeen: number;
    interceptorsSeen: number;
    fightersSeen: number;
    hits: number;
    misses: number;
    warheadImpacts: number;
    decoyImpacts: number;
    citiesHit: number;
  };
  /** Engagements waiting for this nation's commander (seconds left on the scenario clock), and decisions taken. */
  decisions: () => {
    pending: Array<{ weapon: string; object: string; left: number }>;
    resolved: Array<{ t: number; weapon: string; object: string; verdict: string; by: string }>;
  };
  /** The events held now (since the last reset, revisions applied). */
  events: () => EngineEvent[];
  /** The selected entity's id and its info box rows; the tracked entity's id. */
  inspected: () => { selected?: string; rows: Array<[string, string]>; tracked?: string };
  /** Selects an entity as a click on it does (its info box opens); false when there is none of that id. */
  select: (id: string) => boolean;
  /** Where an entity is drawn on the page now (CSS pixels), for clicking it; undefined when not on screen. */
  screenPosition: (id: string) => { x: number; y: number } | undefined;
  /** Where an entity is drawn at scenario time t (radians, metres); undefined when it is not shown then. */
  positionAt: (id: string, t: number) => { latitude: number; longitude: number; altitude: number } | undefined;
  /** An object's trails as drawn (moving-objects.ts trailsOf: ECEF metres), undefined when it has none. */
  trailsOf: (id: string) => Array<{ phase: string; points: Array<[number, number, number]> }> | undefined;
  /** The text of an entity's label, if it has one. */
  labelOf: (id: string) => string | undefined;
  /** The globe's mode ('3D' or '2D'), where the camera is over (degrees), and the last home frame (degrees: west, south, east, north). */
  view: () => { mode: string; camera: { latitude: number; longitude: number; height: number }; home?: [number, number, number, number] };
  problems: string[];
}

declare global {
  interface Window {
    dome: PictureState;
  }
}

const element = (id: string) => document.getElementById(id) as HTMLElement;

async function start(): Promise<void> {
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = new URL('cesium/Widgets/widgets.css', document.baseURI).href;
  document.head.append(css);

  const options = readPageOptions(location.search);
  const viewer = await createGlobe(element('globe'));
  viewer.resolutionScale = options.resolution;
  if (options.fps !== undefined) viewer.targetFrameRate = options.fps;
  viewer.camera.setView({ destination: Cartesian3.fromDegrees(-150, 48, 16_000_000) });
  const clock = new ScenarioClock(viewer);
  const moving = new MovingObjects(viewer, clock);
  const markers = new EngagementMarkers(viewer);
  const cities = new DefendedCities(viewer);
  const radars = new SensorCoverage(viewer, clock);
  const air = new AirPicture(viewer, clock);
  const batteries = new BatterySites(viewer);
  const satellites = new Constellations(viewer, clock);
  const metrics = new MetricsPanel(element('metrics'));
  const status = element('status');
  const belief = new WarheadBelief();
  const inspector = new Inspector(element('inspect'), viewer);

  let connection: Connection | undefined;
  const send = (message: ClientMessage) => connection?.send(message);
  const timeline = new TimelineControls(element('timeline'), send);
  const decisions = new DecisionPanel(element('decisions'), send);
  const events = new EventList(element('events'), send, (e) => decisions.decides(e));
  /** Every event received since the last reset, a revise applied (the picture is rebuilt from them on a revise). */
  let held: EngineEvent[] = [];
  /** The info box of an entity: a moving object's from its latest report; anything else by its name. */
  const describe = (entity: Entity): Array<[string, string]> => {
    const [kind, ...rest] = String(entity.id).split(':');
    const id = rest.join(':');
    if (kind === 'threat' || kind === 'interceptor' || kind === 'fighter') {
      const now = moving.latest(id);
      if (!now)
        return [
          ['kind', kind],
          ['state', 'gone (destroyed, landed, or no longer seen by this nation)'],
        ];
      // a weapon that is no battery and no space layer's satellite (`layer#k`) of the scene is an air sortie (a fighter's `base#k`)
      const of = now.report.of;
      const layers = new Set((lastScene?.assets.constellations ?? []).map((c) => c.id));
      const sortie =
        kind === 'interceptor' &&
        of !== undefined &&
        !layers.has(of.split('#')[0]) &&
        !(lastScene?.assets.batteries ?? []).some((b) => b.id === of);
      return movingObjectInfo(now.report, now.phase, belief.of(id), sortie);
    }
    const aircraft = kind === 'aircraft' ? air.get(id) : undefined;
    if (aircraft) return aircraftInfo(aircraft, clock.now());
    return [
      ['kind', kind || 'marker'],
      ['', entity.name ?? String(entity.id)],
    ];
  };
  inspector.describe = describe;
  setInterval(() => {
    inspector.refresh();
    decisions.render(clock.t);
    events.setPending(new Set(decisions.shown.map((p) => `${p.weapon}|${p.object}`)));
  }, 250);
  const switcher = new NationSwitcher(element('nation-switcher'), (nation) =>
    connect(nation, lastScene ? { trial: lastScene.trial } : options.watch, clock.t),
  );

  /** The last home view (radians). */
  let homeFrame: { west: number; south: number; east: number; north: number } | undefined;
  const state: PictureState = {
    frames: 0,
    frameRate: (fps) => {
      // (Cesium's setter takes undefined for no cap, CesiumWidget.js; its typings say number)
      viewer.targetFrameRate = frameRateCap(fps) as number;
    },
    tilesLoaded: false,
    entityIds: () => viewer.entities.values.map((e) => e.id),
    clock: { t: 0, speed: 0, playing: false, received: 0 },
    shown: () => ({
      threats: moving.shown('threat'),
      interceptors: moving.shown('interceptor'),
      fighters: moving.shown('fighter'),
      threatsSeen: moving.seen.threat.size,
      interceptorsSeen: moving.seen.interceptor.size,
      fightersSeen: moving.seen.fighter.size,
      ...markers.counts,
      citiesHit: cities.hit.size,
    }),
    decisions: () => ({
      pending: decisions.shown,
      resolved: held
        .filter((e): e is Extract<EngineEvent, { type: 'decision' }> => e.type === 'decision')
        .map((e) => ({ t: e.t, weapon: e.weapon, object: e.object, verdict: e.verdict, by: e.by })),
    }),
    events: () => [...held],
    inspected: () => inspector.state(),
    select: (id) => {
      const entity = viewer.entities.getById(id);
      if (entity) viewer.selectedEntity = entity;
      return entity !== undefined;
    },
    screenPosition: (id) => {
      const entity = viewer.entities.getById(id);
      const at = entity?.position?.getValue(viewer.clock.currentTime);
      const p = at && SceneTransforms.worldToWindowCoordinates(viewer.scene, at);
      return p ? { x: p.x, y: p.y } : undefined;
    },
    positionAt: (id, t) => {
      const at = viewer.entities.getById(id)?.position?.getValue(clock.julian(t));
      if (!at) return undefined;
      const c = Cartographic.fromCartesian(at);
      return { latitude: c.latitude, longitude: c.longitude, altitude: c.height };
    },
    trailsOf: (id) => moving.trailsOf(id),
    labelOf: (id) => viewer.entities.getById(id)?.label?.text?.getValue(viewer.clock.currentTime) as string | undefined,
    view: () => {
      const deg = (x: number) => (x * 180) / Math.PI;
      const c = viewer.camera.positionCartographic;
      const h = homeFrame;
      return {
        mode: viewer.scene.mode === SceneMode.SCENE2D ? '2D' : '3D',
        camera: { latitude: deg(c.latitude), longitude: deg(c.longitude), height: c.height },
        ...(h ? { home: [deg(h.west), deg(h.south), deg(h.east), deg(h.north)] as [number, number, number, number] } : {}),
      };
    },
    problems: [],
  };
  window.dome = state;
  viewer.scene.postRender.addEventListener(() => {
    state.frames++;
    state.tilesLoaded = viewer.scene.globe.tilesLoaded;
    metrics.render();
  });

  let lastScene: SceneMessage | undefined;
  let seekAfterScene: number | undefined;

  const clearPicture = () => {
    moving.clear();
    markers.clear();
    cities.resetOutcomes();
    events.clear();
    metrics.clearCounts();
    decisions.clear();
    belief.clear();
    held = [];
  };
  const addEvents = (list: readonly EngineEvent[]) => {
    for (const e of list) {
      belief.event(e);
      moving.event(e);
      markers.event(e);
      cities.event(e);
    }
    events.add(list);
    metrics.add(list);
    decisions.add(list);
    held.push(...list);
  };

  const problem = (text: string) => {
    state.problems.push(text);
    status.textContent = text;
    status.classList.add('problem');
  };

  const handle = (m: ServerMessage) => {
    switch (m.type) {
      case 'hello':
        state.hello = { user: m.user, nation: m.nation, role: m.role, demo: m.demo };
        status.textContent = `${m.user}: ${m.role} of ${m.nation}${m.demo ? ' (demo)' : ''}`;
        status.classList.remove('problem');
        decisions.setUser(m.role, m.nation);
        switcher.show(m.nation, [], m.demo);
        break;
      case 'scene': {
        lastScene = m;
        clearPicture();
        clock.setScene(m.epochMs, m.start, m.end);
        timeline.setRange(m.epochMs, m.start, m.end);
        radars.show(m.assets.radars);
        air.show(m.assets.aircraft ?? []);
        moving.phases.setCruise(m.assets.cruise ?? []);
        batteries.show(m.assets.batteries);
        cities.show(m.assets.cities);
        satellites.show(m.assets.constellations);
        metrics.setScene(m);
        decisions.setScene(m.command);
        const nations = [
          ...m.assets.radars.map((r) => r.owner),
          ...m.assets.batteries.map((b) => b.owner),
          ...m.assets.cities.map((c) => c.nation),
        ];
        switcher.show(m.nation, nations, state.hello?.demo ?? false);
        state.scene = {
          trial: m.trial,
          scenario: m.scenario,
          nation: m.nation,
          start: m.start,
          end: m.end,
          radars: m.assets.radars.length,
          batteries: m.assets.batteries.length,
          cities: m.assets.cities.length,
          satellites: satellites.count(),
          aircraft: air.ids().length,
          cruise: m.assets.cruise?.length ?? 0,
        };
        if (seekAfterScene !== undefined) {
          send({ type: 'seek', t: seekAfterScene });
          seekAfterScene = undefined;
        }
        break;
      }
      case 'clock':
        clock.update(m.t, m.speed, m.playing);
        timeline.showClock(m.t, m.speed, m.playing);
        state.clock = { t: m.t, speed: m.speed, playing: m.playing, received: state.clock.received + 1 };
        break;
      case 'reset':
        clearPicture();
        break;
      case 'revise': {
        // a commander's decision changed the trial from m.t: keep what is still the log, rebuild the picture from it
        const kept = held.slice(0, m.keep);
        clearPicture();
        addEvents(kept);
        events.note(`the trial changed from t = ${m.t.toFixed(0)} s (a commander's decision)`);
        break;
      }
      case 'events':
        addEvents(m.events);
        break;
      case 'positions':
        moving.report(m.t, m.objects);
        break;
      case 'decision':
        events.note(`decision recorded: ${JSON.stringify(m.entry)}`);
        decisions.render(clock.t);
        break;
      case 'error':
        problem(`server: ${m.message}`);
        break;
    }
  };

  const connect = (nation: string | undefined, watch: WatchRequest, seekTo?: number) => {
    connection?.close();
    if (nation !== undefined && !options.token) {
      const q = new URLSearchParams(location.search);
      q.set('nation', nation);
      history.replaceState(null, '', `?${q.toString()}`);
    }
    seekAfterScene = seekTo;
    const speed = lastScene ? clock.speed : options.speed;
    const playing = lastScene ? clock.playing : options.playing;
    connection = new Connection(socketUrl(location, { token: options.token, nation }), { message: handle, problem });
    connection.send({ type: 'watch', ...watch, ...(speed !== undefined ? { speed } : {}), playing });
  };

  // home: the raid and the defence it meets (launch sites, objects seen, impacts, the scene's sites and cities)
  element('home').addEventListener('click', () => {
    const points: Array<{ latitude: number; longitude: number }> = [];
    for (const e of held) {
      if (e.type === 'launch') points.push(e.site);
      if (e.type === 'impact') points.push(e.point);
    }
    for (const id of [...moving.seen.threat]) {
      const now = moving.latest(id);
      if (now) points.push(now.report);
    }
    if (lastScene) points.push(...lastScene.assets.cities, ...lastScene.assets.batteries, ...lastScene.assets.radars);
    for (const a of lastScene?.assets.aircraft ?? []) points.push({ latitude: a.samples[1], longitude: a.samples[2] });
    const frame = raidFrame(points);
    if (!frame) return;
    homeFrame = frame;
    viewer.camera.setView({ destination: new Rectangle(frame.west, frame.south, frame.east, frame.north) });
  });
  // 2D / 3D, at once (no morph animation)
  const mode = element('mode');
  mode.addEventListener('click', () => {
    if (viewer.scene.mode === SceneMode.SCENE2D) viewer.scene.morphTo3D(0);
    else viewer.scene.morphTo2D(0);
    mode.textContent = viewer.scene.mode === SceneMode.SCENE2D ? '3D' : '2D';
  });

  connect(options.nation, options.watch);
}

start().catch((error: unknown) => {
  const status = document.getElementById('status');
  if (status) {
    status.textContent = `the picture failed to start: ${(error as Error).message}`;
    status.classList.add('problem');
  }
  window.dome?.problems.push(String(error));
});
