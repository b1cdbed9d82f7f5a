import { createRequire } from 'node:module';

/**
 * IEEE 1278.1-2012 (DIS v7) Entity State, Fire and Detonation PDUs, encoded by the npm package
 * `open-dis` (open-dis-javascript, the NPS MOVES Institute's DIS library: its `dis7` classes lay out the
 * three PDUs field by field as §7.2.2, §7.3.2 and §7.3.3 give them; docs/dis.md says why it is used and
 * what this wrapper adds). The wrapper fills what the library leaves to its caller: the PDU length, the
 * protocol version and family, the timestamp (§6.2.88), the 11-character marking, and it checks ranges.
 *
 * Units are the standard's: world coordinates are geocentric (ECEF, WGS84) metres, velocities m/s,
 * accelerations m/s², Euler angles radians (psi, theta, phi about the ECEF axes, §1.6.3 / §6.2.32).
 */

/** The parts of open-dis's `dis7` build used here (it ships no types), with its field names. */
interface OpenDisRecord {
  encodeToBinary(out: OpenDisOutputStream): void;
}
interface OpenDisOutputStream {
  currentPosition: number;
  toByteArray(): ArrayBuffer;
}
interface IdRecord {
  siteID: number;
  applicationID: number;
  entityID: number;
}
interface TypeRecord {
  entityKind: number;
  domain: number;
  country: number;
  category: number;
  subcategory: number;
  specific: number;
  extra: number;
}
interface VecRecord {
  x: number;
  y: number;
  z: number;
}
interface EventRecord {
  simulationAddress: { site: number; application: number };
  eventNumber: number;
}
interface DescriptorRecord {
  munitionType: TypeRecord;
  warhead: number;
  fuse: number;
  quantity: number;
  rate: number;
}
interface HeaderRecord extends OpenDisRecord {
  protocolVersion: number;
  exerciseID: number;
  pduType: number;
  protocolFamily: number;
  timestamp: number;
  length: number;
  pduStatus: number;
  padding: number;
}
interface EntityStateRecord extends HeaderRecord {
  entityID: IdRecord;
  forceId: number;
  numberOfVariableParameters: number;
  entityType: TypeRecord;
  alternativeEntityType: TypeRecord;
  entityLinearVelocity: VecRecord;
  entityLocation: VecRecord;
  entityOrientation: { psi: number; theta: number; phi: number };
  entityAppearance: number;
  deadReckoningParameters: {
    deadReckoningAlgorithm: number;
    parameters: number[];
    entityLinearAcceleration: VecRecord;
    entityAngularVelocity: VecRecord;
  };
  marking: { characterSet: number; characters: number[] };
  capabilities: number;
}
interface FireRecord extends HeaderRecord {
  firingEntityID: IdRecord;
  targetEntityID: IdRecord;
  munitionExpendibleID: IdRecord;
  eventID: EventRecord;
  fireMissionIndex: number;
  locationInWorldCoordinates: VecRecord;
  descriptor: DescriptorRecord;
  velocity: VecRecord;
  range: number;
}
interface DetonationRecord extends HeaderRecord {
  firingEntityID: IdRecord;
  targetEntityID: IdRecord;
  explodingEntityID: IdRecord;
  eventID: EventRecord;
  velocity: VecRecord;
  locationInWorldCoordinates: VecRecord;
  descriptor: DescriptorRecord;
  locationOfEntityCoordinates: VecRecord;
  detonationResult: number;
  numberOfVariableParameters: number;
  pad: number;
}
interface OpenDis7 {
  OutputStream: new (buffer: ArrayBuffer) => OpenDisOutputStream;
  InputStream: new (buffer: ArrayBuffer) => unknown;
  EntityStatePdu: new () => EntityStateRecord & { initFromBinary(input: unknown): void };
  FirePdu: new () => FireRecord;
  DetonationPdu: new () => DetonationRecord;
}

// open-dis is a browser-style script bundle: loaded once through CommonJS (it also sets a global `dis`)
const dis = createRequire(import.meta.url)('open-dis/dist/dis7.min.js') as OpenDis7;

/** PDU type (SISO-REF-010 uid 4) and protocol family (uid 5) of the three PDUs sent. */
export const PDU_TYPE = { entityState: 1, fire: 2, detonation: 3 } as const;
export const PROTOCOL_FAMILY = { entityInformation: 1, warfare: 2 } as const;
/** Protocol version 7: IEEE 1278.1-2012 (SISO-REF-010 uid 3). */
export const PROTOCOL_VERSION = 7;
/** Sizes fixed by the standard (no variable parameters): Entity State 144, Fire 96, Detonation 104 octets. */
export const PDU_SIZE = { entityState: 144, fire: 96, detonation: 104 } as const;

export interface EntityId {
  site: number;
  application: number;
  entity: number;
}
/** The standard's ENTITY_ID_UNKNOWN / NO_ENTITY (0:0:0): an entity not represented on the network. */
export const ENTITY_ID_UNKNOWN: EntityId = { site: 0, application: 0, entity: 0 };

/** Entity Type record (§6.2.30), values from SISO-REF-010 (enumerations.ts). */
export interface EntityType {
  kind: number;
  domain: number;
  country: number;
  category: number;
  subcategory: number;
  specific: number;
  extra: number;
}
export type Vec3 = readonly [number, number, number] | Float64Array;

export interface PduHeader {
  exercise: number;
  /** DIS timestamp (dis-timestamp in this file: {@link disTimestamp}). */
  timestamp: number;
}

export interface EntityStateFields extends PduHeader {
  id: EntityId;
  /** Force ID (SISO-REF-010 uid 6): 1 friendly, 2 opposing, 3 neutral. */
  force: number;
  type: EntityType;
  /** ECEF [m] */
  location: Vec3;
  /** ECEF [m/s] */
  velocity: Vec3;
  /** [psi, theta, phi] [rad] */
  orientation: Vec3;
  /** Appearance bits (§6.2.26; enumerations.ts). */
  appearance: number;
  /** Dead-reckoning algorithm (SISO-REF-010 uid 44): 1 static, 2 FPW, 5 FVW, … */
  deadReckoning: number;
  /** ECEF [m/s²] (used by the second-order algorithms). */
  acceleration: Vec3;
  /** Up to 11 ASCII characters. */
  marking: string;
}

export interface MunitionDescriptor {
  type: EntityType;
  /** Warhead (uid 60) and fuse (uid 61); 0 other. */
  warhead: number;
  fuse: number;
  quantity: number;
  rate: number;
}

export interface FireFields extends PduHeader {
  firing: EntityId;
  target: EntityId;
  munition: EntityId;
  event: { site: number; application: number; number: number };
  /** Fire mission index; 0 is NO_FIRE_MISSION. */
  fireMission: number;
  /** ECEF [m] of the firing point. */
  location: Vec3;
  descriptor: MunitionDescriptor;
  /** ECEF [m/s] of the munition at launch. */
  velocity: Vec3;
  /** Range to the target [m] (0: unknown). */
  range: number;
}

export interface DetonationFields extends PduHeader {
  firing: EntityId;
  target: EntityId;
  munition: EntityId;
  event: { site: number; application: number; number: number };
  /** ECEF [m/s] of the munition at detonation. */
  velocity: Vec3;
  /** ECEF [m] of the detonation. */
  location: Vec3;
  descriptor: MunitionDescriptor;
  /** Location in the target's entity coordinates [m]. */
  locationInEntity: Vec3;
  /** Detonation result (SISO-REF-010 uid 62). */
  result: number;
}

/** One hour, the span of a DIS timestamp [s], in 2^31 units (§6.2.88: one unit is 3600/2^31 s, ~1.68 µs). */
export const TIMESTAMP_UNITS_PER_HOUR = 2 ** 31;

/**
 * A DIS timestamp (§6.2.88): bits 31-1 the time past the hour in units of 3600/2^31 s, bit 0 the kind
 * (1 absolute: synchronised to UTC; 0 relative: the sender's own clock). `seconds` is reduced
 * modulo one hour.
 */
export function disTimestamp(seconds: number, absolute: boolean): number {
  const past = ((seconds % 3600) + 3600) % 3600;
  const units = Math.min(TIMESTAMP_UNITS_PER_HOUR - 1, Math.floor((past * TIMESTAMP_UNITS_PER_HOUR) / 3600));
  return units * 2 + (absolute ? 1 : 0);
}

/** Seconds past the hour of a DIS timestamp (the inverse of {@link disTimestamp}, to one unit). */
export function disTimestampSeconds(timestamp: number): number {
  return (Math.floor(timestamp / 2) * 3600) / TIMESTAMP_UNITS_PER_HOUR;
}

const U8 = 0xff,
  U16 = 0xffff;
function uint(name: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`DIS ${name} must be a whole number 0-${max}, got ${v}`);
  return v;
}

function header(pdu: HeaderRecord, h: PduHeader, type: number, family: number, length: number): void {
  pdu.protocolVersion = PROTOCOL_VERSION;
  pdu.exerciseID = uint('exercise id', h.exercise, U8);
  pdu.pduType = type;
  pdu.protocolFamily = family;
  pdu.timestamp = uint('timestamp', h.timestamp, 0xffffffff);
  pdu.length = length;
  pdu.pduStatus = 0;
  pdu.padding = 0;
}

function setId(into: IdRecord, id: EntityId, what: string): void {
  into.siteID = uint(`${what} site`, id.site, U16);
  into.applicationID = uint(`${what} application`, id.application, U16);
  into.entityID = uint(`${what} entity`, id.entity, U16);
}

function setType(into: TypeRecord, t: EntityType): void {
  into.entityKind = uint('entity kind', t.kind, U8);
  into.domain = uint('domain', t.domain, U8);
  into.country = uint('country', t.country, U16);
  into.category = uint('category', t.category, U8);
  into.subcategory = uint('subcategory', t.subcategory, U8);
  into.specific = uint('specific', t.specific, U8);
  into.extra = uint('extra', t.extra, U8);
}

function setVec(into: VecRecord, v: Vec3, what: string): void {
  for (const x of [v[0], v[1], v[2]])
    if (!Number.isFinite(x)) throw new RangeError(`DIS ${what} must be finite, got ${Array.from(v).join(', ')}`);
  into.x = v[0];
  into.y = v[1];
  into.z = v[2];
}

function setEvent(into: EventRecord, e: FireFields['event']): void {
  into.simulationAddress.site = uint('event site', e.site, U16);
  into.simulationAddress.application = uint('event application', e.application, U16);
  into.eventNumber = uint('event number', e.number, U16);
}

function setDescriptor(into: DescriptorRecord, d: MunitionDescriptor): void {
  setType(into.munitionType, d.type);
  into.warhead = uint('warhead', d.warhead, U16);
  into.fuse = uint('fuse', d.fuse, U16);
  into.quantity = uint('quantity', d.quantity, U16);
  into.rate = uint('rate', d.rate, U16);
}

function encode(pdu: OpenDisRecord, size: number): Buffer {
  const out = new dis.OutputStream(new ArrayBuffer(size));
  pdu.encodeToBinary(out);
  if (out.currentPosition !== size) throw new Error(`open-dis wrote ${out.currentPosition} octets for a ${size}-octet PDU`);
  return Buffer.from(out.toByteArray());
}

/** An Entity State PDU (§7.2.2), 144 octets. */
export function entityStatePdu(f: EntityStateFields): Buffer {
  const pdu = new dis.EntityStatePdu();
  header(pdu, f, PDU_TYPE.entityState, PROTOCOL_FAMILY.entityInformation, PDU_SIZE.entityState);
  setId(pdu.entityID, f.id, 'entity id');
  pdu.forceId = uint('force id', f.force, U8);
  pdu.numberOfVariableParameters = 0;
  setType(pdu.entityType, f.type);
  setType(pdu.alternativeEntityType, f.type);
  setVec(pdu.entityLinearVelocity, f.velocity, 'velocity');
  setVec(pdu.entityLocation, f.location, 'location');
  pdu.entityOrientation.psi = f.orientation[0];
  pdu.entityOrientation.theta = f.orientation[1];
  pdu.entityOrientation.phi = f.orientation[2];
  pdu.entityAppearance = uint('appearance', f.appearance, 0xffffffff);
  pdu.deadReckoningParameters.deadReckoningAlgorithm = uint('dead-reckoning algorithm', f.deadReckoning, U8);
  pdu.deadReckoningParameters.parameters = new Array(15).fill(0);
  setVec(pdu.deadReckoningParameters.entityLinearAcceleration, f.acceleration, 'acceleration');
  setVec(pdu.deadReckoningParameters.entityAngularVelocity, [0, 0, 0], 'angular velocity');
  // marking: character set 1 (ASCII), 11 octets, zero-filled
  if (!/^[\x20-\x7e]{0,11}$/.test(f.marking))
    throw new RangeError(`DIS marking must be at most 11 printable ASCII characters, got '${f.marking}'`);
  pdu.marking.characterSet = 1;
  pdu.marking.characters = Array.from({ length: 11 }, (_, i) => (i < f.marking.length ? f.marking.charCodeAt(i) : 0));
  pdu.capabilities = 0;
  return encode(pdu, PDU_SIZE.entityState);
}

/** A Fire PDU (§7.3.2), 96 octets. */
export function firePdu(f: FireFields): Buffer {
  const pdu = new dis.FirePdu();
  header(pdu, f, PDU_TYPE.fire, PROTOCOL_FAMILY.warfare, PDU_SIZE.fire);
  setId(pdu.firingEntityID, f.firing, 'firing entity');
  setId(pdu.targetEntityID, f.target, 'target entity');
  setId(pdu.munitionExpendibleID, f.munition, 'munition');
  setEvent(pdu.eventID, f.event);
  pdu.fireMissionIndex = uint('fire mission index', f.fireMission, 0xffffffff);
  setVec(pdu.locationInWorldCoordinates, f.location, 'fire location');
  setDescriptor(pdu.descriptor, f.descriptor);
  setVec(pdu.velocity, f.velocity, 'fire velocity');
  if (!Number.isFinite(f.range) || f.range < 0) throw new RangeError(`DIS fire range must be finite and not negative, got ${f.range}`);
  pdu.range = f.range;
  return encode(pdu, PDU_SIZE.fire);
}

/** A Detonation PDU (§7.3.3), 104 octets (no variable parameters). */
export function detonationPdu(f: DetonationFields): Buffer {
  const pdu = new dis.DetonationPdu();
  header(pdu, f, PDU_TYPE.detonation, PROTOCOL_FAMILY.warfare, PDU_SIZE.detonation);
  setId(pdu.firingEntityID, f.firing, 'firing entity');
  setId(pdu.targetEntityID, f.target, 'target entity');
  setId(pdu.explodingEntityID, f.munition, 'munition');
  setEvent(pdu.eventID, f.event);
  setVec(pdu.velocity, f.velocity, 'detonation velocity');
  setVec(pdu.locationInWorldCoordinates, f.location, 'detonation location');
  setDescriptor(pdu.descriptor, f.descriptor);
  setVec(pdu.locationOfEntityCoordinates, f.locationInEntity, 'location in entity coordinates');
  pdu.detonationResult = uint('detonation result', f.result, U8);
  pdu.numberOfVariableParameters = 0;
  pdu.pad = 0;
  return encode(pdu, PDU_SIZE.detonation);
}

/** A datagram that is not a well-formed Entity State PDU: the message says what is wrong. */
export class DisDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DisDecodeError';
  }
}

/** The largest PDU the standard allows (MAX_PDU_SIZE, 8,192 octets): a longer datagram is refused unread. */
export const MAX_PDU_OCTETS = 8192;

/** What a receiver reads from an Entity State PDU (the fields entityStatePdu writes, but the orientation and type kept raw). */
export type ReceivedEntityState = Omit<EntityStateFields, 'orientation' | 'location' | 'velocity' | 'acceleration'> & {
  location: [number, number, number];
  velocity: [number, number, number];
  acceleration: [number, number, number];
};

/**
 * Reads an Entity State PDU (§7.2.2) with open-dis's decoder, the inverse of entityStatePdu: `undefined`
 * for another PDU type (a receiver ignores those), a DisDecodeError for a datagram that is not a PDU of
 * DIS 5-7 (the Entity State layout is the same since 1278.1-1995) or is cut short.
 */
export function decodeEntityState(bytes: Uint8Array): ReceivedEntityState | undefined {
  if (bytes.length < 12) throw new DisDecodeError(`${bytes.length} octets: shorter than a PDU header (12)`);
  if (bytes.length > MAX_PDU_OCTETS) throw new DisDecodeError(`${bytes.length} octets: longer than a PDU may be (${MAX_PDU_OCTETS})`);
  const version = bytes[0];
  if (version < 5 || version > 7) throw new DisDecodeError(`protocol version ${version}: not DIS 5-7`);
  if (bytes[2] !== PDU_TYPE.entityState) return undefined;
  const length = (bytes[8] << 8) | bytes[9];
  if (bytes.length < PDU_SIZE.entityState || length < PDU_SIZE.entityState || length > bytes.length)
    throw new DisDecodeError(`an Entity State PDU of ${bytes.length} octets (length field ${length}): at least ${PDU_SIZE.entityState}`);
  const pdu = new dis.EntityStatePdu();
  const copy = new Uint8Array(length);
  copy.set(bytes.subarray(0, length));
  try {
    pdu.initFromBinary(new dis.InputStream(copy.buffer));
  } catch (e) {
    throw new DisDecodeError(`an Entity State PDU that does not decode: ${(e as Error).message}`);
  }
  const vec = (v: VecRecord, what: string): [number, number, number] => {
    if (![v.x, v.y, v.z].every(Number.isFinite)) throw new DisDecodeError(`an Entity State PDU whose ${what} is not finite`);
    return [v.x, v.y, v.z];
  };
  const chars = pdu.marking.characters.slice(0, 11);
  const end = chars.indexOf(0);
  return {
    exercise: pdu.exerciseID,
    timestamp: pdu.timestamp,
    id: { site: pdu.entityID.siteID, application: pdu.entityID.applicationID, entity: pdu.entityID.entityID },
    force: pdu.forceId,
    type: {
      kind: pdu.entityType.entityKind,
      domain: pdu.entityType.domain,
      country: pdu.entityType.country,
      category: pdu.entityType.category,
      subcategory: pdu.entityType.subcategory,
      specific: pdu.entityType.specific,
      extra: pdu.entityType.extra,
    },
    location: vec(pdu.entityLocation, 'location'),
    velocity: vec(pdu.entityLinearVelocity, 'velocity'),
    acceleration: vec(pdu.deadReckoningParameters.entityLinearAcceleration, 'acceleration'),
    appearance: pdu.entityAppearance >>> 0,
    deadReckoning: pdu.deadReckoningParameters.deadReckoningAlgorithm,
    // printable ASCII only (a marking is shown in the picture)
    marking: String.fromCharCode(...(end < 0 ? chars : chars.slice(0, end))).replace(/[^\x20-\x7e]/g, '?'),
  };
}
