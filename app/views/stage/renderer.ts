/**
 * Draws a StageFrame into an SVG with d3 joins: row backgrounds, segments, row contents (all
 * keyed by connection or segment id), header and footer. Called once per animation frame while
 * playing; it only touches what changed (d3 sets attributes; unchanged ones cost little, and each
 * layer skips elements whose signature is the same as last frame: layers/drawn.ts).
 *
 * Layers, bottom to top, one file each in layers/: header, lane slots and row backgrounds with
 * the wire (backs.ts), segments, row contents (rows.ts, with the timer rings of rings.ts), footer.
 * Segments fly under the socket boxes, so one leaving or reaching a socket slides out of or into
 * its box instead of covering its text. This file owns the SVG, its size and the draw order.
 */
import type { Selection as D3Selection } from 'd3';
import type { Selection } from '../../store/types';
import { type RowLayout, rowLayout, STAGE_WIDTH, stageHeight } from './geometry';
import { drawBacks, drawLanes } from './layers/backs';
import { drawFooter } from './layers/footer';
import { createStageGroups, type Root } from './layers/groups';
import { drawHeader, type StageCaptions } from './layers/header';
import { drawRows } from './layers/rows';
import { drawSegments } from './layers/segments';
import type { StageFrame } from './model';

export type { StageCaptions } from './layers/header';

export interface StageHandlers {
  select: (selection: Selection | null) => void;
}

export class StageRenderer {
  private readonly svg: D3Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly header: Root;
  private readonly lanesLayer: Root;
  private readonly backLayer: Root;
  private readonly segLayer: Root;
  private readonly rowsLayer: Root;
  private readonly footer: Root;
  private lanes = 0;
  private L: RowLayout = rowLayout(1);
  /** The failures already flashed (`conn:req`): each flashes once. */
  private readonly flashed = new Set<string>();
  private captions: StageCaptions = { client: '', server: '', wire: '' };

  constructor(
    svgEl: SVGSVGElement,
    private readonly handlers: StageHandlers,
  ) {
    ({
      svg: this.svg,
      header: this.header,
      lanesLayer: this.lanesLayer,
      backLayer: this.backLayer,
      segLayer: this.segLayer,
      rowsLayer: this.rowsLayer,
      footer: this.footer,
    } = createStageGroups(svgEl));
  }

  setCaptions(captions: StageCaptions): void {
    this.captions = captions;
    drawHeader(this.header, this.captions);
  }

  render(frame: StageFrame, reducedMotion: boolean): void {
    if (frame.lanes !== this.lanes) {
      this.lanes = frame.lanes;
      const layout = rowLayout(frame.lanes);
      if (layout !== this.L) {
        // Row contents are built for one row height: rebuild them for the new one.
        this.L = layout;
        this.backLayer.selectAll('*').remove();
        this.rowsLayer.selectAll('*').remove();
      }
      this.svg.attr('viewBox', `0 0 ${STAGE_WIDTH} ${stageHeight(frame.lanes)}`);
      drawLanes(this.lanesLayer, this.lanes, this.L);
    }
    const onSelect = this.handlers.select;
    drawBacks(this.backLayer, frame.rows, this.L, this.flashed, reducedMotion);
    drawSegments(this.segLayer, frame.segments, this.L, onSelect);
    drawRows(this.rowsLayer, frame.rows, this.L, onSelect);
    drawFooter(this.footer, frame, this.L.h);
  }

  /** A new run: its failures flash again. */
  reset(): void {
    this.flashed.clear();
  }
}
