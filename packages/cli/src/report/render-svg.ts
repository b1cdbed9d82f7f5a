import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** vega-util's log level Warn (the typings do not export the constant). */
const VEGA_WARN = 2;

/** Fonts the reader's machine already has: the report loads none. */
export const REPORT_FONT = 'system-ui, Arial, Helvetica, sans-serif';

/** Renders a Vega spec to a standalone SVG string in Node, without a browser or a canvas. */
export async function vegaToSvg(spec: vega.Spec): Promise<string> {
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
  return vegaToSvg(compile({ ...spec, config: { ...config, ...(spec.config ?? {}) } } as TopLevelSpec).spec);
}
