/**
 * The hover tooltip: a box of lines (the first one bold) below and right of the pointer, kept
 * inside the timeline's width. `tooltipPosition` is the pure part.
 */

/** Left/top of the tooltip in the host (px), for a pointer at (x, y) in the host. */
export function tooltipPosition(
  x: number,
  y: number,
  hostWidth: number,
  tipWidth: number,
): { left: number; top: number } {
  const left = Math.min(x + 14, hostWidth - tipWidth - 4);
  return { left: Math.max(4, left), top: y + 16 };
}

export class Tooltip {
  private readonly el: HTMLDivElement;

  constructor(private readonly host: HTMLElement) {
    this.el = document.createElement('div');
    this.el.className = 'tl-tooltip';
    this.el.hidden = true;
    host.append(this.el);
  }

  hide(): void {
    this.el.hidden = true;
  }

  /** Shows `lines` near the pointer (client coordinates). */
  show(lines: readonly string[], clientX: number, clientY: number): void {
    this.el.replaceChildren(
      ...lines.map((line, i) => {
        const div = document.createElement('div');
        if (i === 0) div.className = 'tl-tip-head';
        div.textContent = line;
        return div;
      }),
    );
    this.el.hidden = false;
    const hostRect = this.host.getBoundingClientRect();
    const { left, top } = tooltipPosition(
      clientX - hostRect.left,
      clientY - hostRect.top,
      hostRect.width,
      this.el.offsetWidth,
    );
    this.el.style.left = `${left}px`;
    this.el.style.top = `${top}px`;
  }
}
