/**
 * Values by a run's ids — request and connection numbers, 1, 2, 3… in the order the run makes
 * them — in an array indexed by id instead of a Map. A run reads and writes mostly its newest ids,
 * so here they sit next to each other in memory; a Map hashes them to scattered buckets, and in a
 * 34,000-request run that kept every request the summary's and the server's Maps cost a cache miss
 * per access (sim-core/bench/README.md). Any other number still works as a key (an array is an
 * object), only without that benefit. No iteration: a caller that needs an order keeps its own.
 */
export class IdTable<T> {
  private readonly slots: (T | undefined)[] = [];

  get(id: number): T | undefined {
    return this.slots[id];
  }

  set(id: number, value: T): void {
    this.slots[id] = value;
  }

  delete(id: number): void {
    if (this.slots[id] !== undefined) this.slots[id] = undefined;
  }
}
