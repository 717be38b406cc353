import { type Selection as D3Selection, select } from 'd3';

export type Root = D3Selection<SVGGElement, unknown, null, undefined>;

/** The stage's layer groups, bottom to top: the draw order both stage layouts (wide, narrow) share. */
export interface StageGroups {
  svg: D3Selection<SVGSVGElement, unknown, null, undefined>;
  header: Root;
  lanesLayer: Root;
  backLayer: Root;
  segLayer: Root;
  rowsLayer: Root;
  footer: Root;
}

/** Empties the SVG and appends one group per layer, in draw order. */
export function createStageGroups(svgEl: SVGSVGElement): StageGroups {
  const svg = select(svgEl);
  svg.selectAll('*').remove();
  // A layout's own class (the presenter stage's) goes with the layout that set it.
  svg.classed('presenter-stage', false);
  return {
    svg,
    header: svg.append('g').attr('class', 'stage-header'),
    lanesLayer: svg.append('g').attr('class', 'stage-lanes'),
    backLayer: svg.append('g').attr('class', 'stage-row-backs'),
    // Segments under the row contents: one leaving or reaching a socket slides out of or into its box.
    segLayer: svg.append('g').attr('class', 'stage-segments'),
    rowsLayer: svg.append('g').attr('class', 'stage-rows').attr('role', 'list'),
    footer: svg.append('g').attr('class', 'stage-footer'),
  };
}
