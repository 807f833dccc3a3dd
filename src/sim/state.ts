/**
 * The complete state of a run between two steps: agents (array of structs in one ArrayBuffer, layout
 * from the model spec), all fields packed as field·cells + cell, the step counter and the id counter.
 * Nothing else persists across steps, so saving this (snapshot.ts) and loading it resumes a run exactly.
 */
import type { AgentLayout } from '../model/agentLayout.ts';

export interface SimState {
  /** Steps completed. */
  step: number;
  /** Live agents, stored in slots 0..count-1. */
  count: number;
  /** Id the next new agent receives. */
  nextId: number;
  /** Slots allocated. */
  capacity: number;
  /** Words per agent. */
  stride: number;
  /** The agent buffer: the same memory as floats and as unsigned words. */
  f: Float32Array;
  u: Uint32Array;
  /** All fields, field-major: fields[field * cells + cell]. */
  fields: Float32Array;
  /** Births refused so far because the capacity was full. */
  blockedBirths: number;
  /** Largest agent count seen at the end of any step so far (and at t = 0). */
  peakCount: number;
  /** Cell events since t = 0, event·types + type, events in CELL_EVENTS order. */
  events: Float64Array;
}

/** Order of the event counters in SimState.events. */
export const CELL_EVENTS = ['births', 'deaths', 'departures', 'recruits'] as const;

/** Allocates an empty state. */
export function allocateState(layout: AgentLayout, capacity: number, fieldCount: number, cells: number, types: number): SimState {
  const buffer = new ArrayBuffer(capacity * layout.stride * 4);
  return {
    step: 0,
    count: 0,
    nextId: 0,
    capacity,
    stride: layout.stride,
    f: new Float32Array(buffer),
    u: new Uint32Array(buffer),
    fields: new Float32Array(fieldCount * cells),
    blockedBirths: 0,
    peakCount: 0,
    events: new Float64Array(CELL_EVENTS.length * types),
  };
}

/** A deep copy (used by twins and tests). */
export function cloneState(s: SimState): SimState {
  const buffer = s.f.buffer.slice(0);
  return { ...s, f: new Float32Array(buffer), u: new Uint32Array(buffer), fields: s.fields.slice(), events: s.events.slice() };
}
