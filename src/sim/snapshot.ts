/**
 * Snapshots: the whole state of a run at a step boundary as one self-contained binary blob: the validated
 * scenario document, the arm, the counters, the read-out table so far, then the agent words and the fields
 * as raw little-endian 32-bit words (the GPU layout). Loading it and running on equals the uninterrupted run
 * byte for byte, because nothing else persists between steps (state.ts).
 * Format: "EXOSNAP1" | u32 header length | header JSON (UTF-8) | zero pad to 4 | agents | fields.
 */
import type { ReadoutTableData } from '../analysis/readoutTable.ts';
import type { SimState } from './state.ts';

const MAGIC = 'EXOSNAP1';
const VERSION = 1;

export interface SnapshotHeader {
  version: number;
  /** The scenario document as validated (after --set), so the snapshot never depends on a file. */
  scenario: unknown;
  arm: string;
  /** Layout check: words per agent and variable names in order. */
  layout: string[];
  step: number;
  count: number;
  nextId: number;
  capacity: number;
  stride: number;
  blockedBirths: number;
  peakCount: number;
  events: number[];
  fieldWords: number;
  table: ReadoutTableData;
}

export interface Snapshot {
  header: SnapshotHeader;
  /** Agent words (count·stride) and field values. */
  agents: Uint32Array;
  fields: Float32Array;
}

/** Serialises a state, its read-out table and the scenario document. */
export function encodeSnapshot(state: SimState, scenario: unknown, arm: string, layout: readonly string[], table: ReadoutTableData): Uint8Array {
  const header: SnapshotHeader = {
    version: VERSION,
    scenario,
    arm,
    layout: [...layout],
    step: state.step,
    count: state.count,
    nextId: state.nextId,
    capacity: state.capacity,
    stride: state.stride,
    blockedBirths: state.blockedBirths,
    peakCount: state.peakCount,
    events: [...state.events],
    fieldWords: state.fields.length,
    table,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerEnd = 8 + 4 + json.length;
  const pad = (4 - (headerEnd % 4)) % 4;
  const agentBytes = state.count * state.stride * 4;
  const out = new Uint8Array(headerEnd + pad + agentBytes + state.fields.length * 4);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  const agentStart = headerEnd + pad;
  out.set(new Uint8Array(state.u.buffer, state.u.byteOffset, agentBytes), agentStart);
  out.set(new Uint8Array(state.fields.buffer, state.fields.byteOffset, state.fields.byteLength), agentStart + agentBytes);
  return out;
}

/** Parses a snapshot blob; throws with a clear message when it is not one. */
export function decodeSnapshot(bytes: Uint8Array): Snapshot {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new Error('not an exorepair snapshot (missing EXOSNAP1 header)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as SnapshotHeader;
  if (header.version !== VERSION) throw new Error(`snapshot version ${header.version} is not supported (expected ${VERSION})`);
  const headerEnd = 12 + length;
  const agentStart = headerEnd + ((4 - (headerEnd % 4)) % 4);
  const agentWords = header.count * header.stride;
  const expected = agentStart + agentWords * 4 + header.fieldWords * 4;
  if (bytes.length !== expected) throw new Error(`snapshot is truncated or padded: ${bytes.length} bytes, expected ${expected}`);
  // An explicit copy: Node's Buffer.slice returns a view into a shared pool, not an aligned copy.
  const copy = new Uint8Array(bytes.length - agentStart);
  copy.set(bytes.subarray(agentStart));
  return {
    header,
    agents: new Uint32Array(copy.buffer, 0, agentWords),
    fields: new Float32Array(copy.buffer, agentWords * 4, header.fieldWords),
  };
}

/** Copies a snapshot's agents and fields into a freshly allocated state of the same layout. */
export function restoreState(snapshot: Snapshot, state: SimState): void {
  const h = snapshot.header;
  if (h.stride !== state.stride) throw new Error(`snapshot agents have ${h.stride} words, the model has ${state.stride}`);
  if (h.fieldWords !== state.fields.length) throw new Error('snapshot fields do not match the scenario grid');
  if (h.count > state.capacity) throw new Error('snapshot holds more agents than the capacity');
  state.u.set(snapshot.agents);
  state.fields.set(snapshot.fields);
  state.step = h.step;
  state.count = h.count;
  state.nextId = h.nextId;
  state.blockedBirths = h.blockedBirths;
  state.peakCount = h.peakCount;
  if (h.events.length !== state.events.length) throw new Error('snapshot event counters do not match the model');
  state.events.set(h.events);
}
