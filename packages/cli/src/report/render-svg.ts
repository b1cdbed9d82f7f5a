// vega and vega-lite (about half a second of CPU to load) are imported when a chart is first rendered,
// so commands that draw nothing (and `dome --help`) do not load them
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';

/** vega-util's log level Warn (the typings do not export the constant). */
const VEGA_WARN = 2;

/** Fonts the reader's machine already has: the report loads none. */
export const REPORT_FONT = 'system-ui, Arial, Helvetica, sans-serif';

/** Renders a Vega spec to a standalone SVG string in Node, without a browser or a canvas. */
export async function vegaToSvg(spec: Vega.Spec): Promise<string> {
  const vega = await import('vega');
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logLevel: VEGA_WARN });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Compiles a Vega-Lite spec and renders it to SVG. */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  const config = {
    font: REPORT_FONT,
    background: 'white',
    view: { stroke: null },
    // without a canvas, Vega over-estimates text widths: generous limits keep labels whole
    axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400 },
    legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400 },
    title: { fontSize: 14, anchor: 'start' as const },
  };
  const { compile } = await import('vega-lite');
  return vegaToSvg(compile({ ...spec, config: { ...config, ...(spec.config ?? {}) } } as TopLevelSpec).spec);
}
