/**
 * Which input events the timeline's zoom takes (pure): shift + wheel scrolls the rows instead,
 * a double click does nothing, only the primary button pans. And what its keys do.
 */

/** The fields of a DOM event the filter reads. */
export interface FilterEvent {
  type: string;
  shiftKey?: boolean;
  button?: number;
}

/** d3-zoom's filter: true if the event should zoom or pan. */
export function zoomFilter(event: FilterEvent): boolean {
  if (event.type === 'wheel') return !event.shiftKey;
  if (event.type === 'dblclick') return false;
  return !event.button;
}

export type KeyAction = { kind: 'zoom'; factor: number } | { kind: 'whole' };

/** `+`/`=` zoom in ×2, `-`/`_` out ×2, `0` the whole run; other keys are not the timeline's. */
export function keyAction(key: string): KeyAction | null {
  if (key === '+' || key === '=') return { kind: 'zoom', factor: 2 };
  if (key === '-' || key === '_') return { kind: 'zoom', factor: 0.5 };
  if (key === '0') return { kind: 'whole' };
  return null;
}
