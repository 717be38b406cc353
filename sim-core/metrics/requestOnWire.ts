/**
 * Follows each written request to the wire: the connection's next client DATA segment after the
 * write carries it, and that segment's delivery to the server is when the request arrived. One
 * place for the rule, so the failure kinds (failureKinds.ts) and the race windows
 * (trace/raceWindows.ts) judge the same request by the same times.
 */
export interface OnWire {
  /** Its DATA segment was sent. */
  sent: boolean;
  /** When that segment reached the server (µs), null until it does. */
  arrivedAt: number | null;
}

export class RequestOnWire<T extends OnWire> {
  /** By connection: a request written whose DATA segment is not sent yet. */
  private readonly awaitingSeg = new Map<number, T>();
  /** By segment id: a request on the wire. */
  private readonly onWire = new Map<number, T>();

  /** `attempt.write` with ok. */
  written(conn: number, request: T): void {
    this.awaitingSeg.set(conn, request);
  }

  /** A client `segment.send` with flag DATA. */
  sentData(conn: number, seg: number): void {
    const r = this.awaitingSeg.get(conn);
    if (r) {
      r.sent = true;
      this.onWire.set(seg, r);
      this.awaitingSeg.delete(conn);
    }
  }

  /** A server-side `segment.deliver` with flag DATA, at t. */
  delivered(seg: number, t: number): void {
    const r = this.onWire.get(seg);
    if (r) {
      r.arrivedAt = t;
      this.onWire.delete(seg);
    }
  }
}
