/**
 * A recharts chart as a PNG picture: its SVG serialised, loaded as an image from a blob: URL (the CSP allows
 * `img-src blob:`, electron/security.ts) and drawn on a canvas at twice the size, on white. Recharts draws the
 * legend as HTML beside the SVG, so the legend's coloured marks and words are drawn on the canvas where they sit; the
 * chart's title goes on top, so the picture says what it shows when it is shared on its own.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('The chart picture could not be drawn.'));
    img.src = url;
  });
}

const TITLE_BAND = 32;

/** `container`: the element that holds one chart (its recharts wrapper is inside). */
export async function chartPng(container: HTMLElement, opts: { title?: string; scale?: number } = {}): Promise<Blob> {
  const scale = opts.scale ?? 2;
  const wrapper = container.querySelector<HTMLElement>('.recharts-wrapper') ?? container;
  const svg = wrapper.querySelector('svg.recharts-surface');
  if (!(svg instanceof SVGSVGElement)) throw new Error('No chart to save.');
  const box = wrapper.getBoundingClientRect();
  const svgBox = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const style = getComputedStyle(wrapper);

  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(svgBox.width));
  clone.setAttribute('height', String(svgBox.height));
  // Outside the page, the SVG's text would fall back to the image renderer's default font.
  clone.setAttribute('font-family', style.fontFamily);
  clone.setAttribute('font-size', style.fontSize);
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(clone)], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = await loadImage(url);
    const { canvas, ctx } = pictureCanvas(width, height, { ...opts, scale, fontFamily: style.fontFamily });
    ctx.drawImage(img, svgBox.left - box.left, svgBox.top - box.top, svgBox.width, svgBox.height);

    for (const item of wrapper.querySelectorAll<HTMLElement>('.recharts-legend-item')) {
      const icon = item.querySelector('svg');
      const mark = icon?.querySelector('[fill]:not([fill="none"]), [stroke]:not([stroke="none"])');
      const colour = mark?.getAttribute('fill') !== 'none' && mark?.getAttribute('fill') ? mark.getAttribute('fill') : mark?.getAttribute('stroke');
      if (icon && colour) {
        const r = icon.getBoundingClientRect();
        ctx.fillStyle = colour;
        ctx.fillRect(r.left - box.left, r.top - box.top + r.height / 4, r.width, r.height / 2);
      }
      const label = item.querySelector<HTMLElement>('.recharts-legend-item-text');
      if (label) {
        const r = label.getBoundingClientRect();
        const ls = getComputedStyle(label);
        ctx.fillStyle = ls.color || '#333333';
        ctx.font = `${ls.fontSize} ${ls.fontFamily}`;
        ctx.textBaseline = 'middle';
        ctx.fillText(label.textContent ?? '', r.left - box.left, r.top - box.top + r.height / 2);
      }
    }
    return await canvasPng(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * A white canvas `width` × `height` (plus the title band when there is a title) at `scale`, the title drawn on top,
 * and the context moved below it: draw the picture at (0, 0).
 */
function pictureCanvas(width: number, height: number, opts: { title?: string; scale: number; fontFamily: string }): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const band = opts.title ? TITLE_BAND : 0;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * opts.scale);
  canvas.height = Math.round((height + band) * opts.scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No canvas to draw the chart on.');
  ctx.scale(opts.scale, opts.scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height + band);
  if (opts.title) {
    ctx.fillStyle = '#1a1a1a';
    ctx.font = `600 15px ${opts.fontFamily}`;
    ctx.textBaseline = 'middle';
    ctx.fillText(opts.title, 12, band / 2, width - 24);
  }
  ctx.translate(0, band);
  return { canvas, ctx };
}

function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The chart picture could not be made.'))), 'image/png'));
}

/** The heatmap's layout in the picture, in CSS pixels (doubled by `scale`). */
export const HEATMAP_PICTURE = { rowHead: 56, colHead: 22, cell: 30, cellHeight: 24, pad: 12 } as const;

/**
 * An hour × weekday heatmap (168 values, Monday 00:00 first) as a PNG, drawn from the figures rather than copied
 * from the page: each cell shaded by its share of the busiest hour, with its count, hours across and `rowLabels`
 * (the weekdays) down, the title on top. `colour` is the shade at the busiest hour.
 */
export async function heatmapPng(values: readonly number[], opts: { title: string; rowLabels: readonly string[]; colour: string; formatNumber: (n: number) => string; fontFamily?: string; scale?: number }): Promise<Blob> {
  const { rowHead, colHead, cell, cellHeight, pad } = HEATMAP_PICTURE;
  const width = pad * 2 + rowHead + 24 * cell;
  const height = pad * 2 + colHead + 7 * cellHeight;
  const fontFamily = opts.fontFamily ?? 'system-ui, sans-serif';
  const { canvas, ctx } = pictureCanvas(width, height, { title: opts.title, scale: opts.scale ?? 2, fontFamily });
  const max = Math.max(1, ...values);
  ctx.textBaseline = 'middle';
  ctx.font = `11px ${fontFamily}`;
  ctx.fillStyle = '#444444';
  ctx.textAlign = 'center';
  for (let h = 0; h < 24; h++) ctx.fillText(String(h), pad + rowHead + h * cell + cell / 2, pad + colHead / 2);
  for (let d = 0; d < 7; d++) {
    const y = pad + colHead + d * cellHeight;
    ctx.textAlign = 'left';
    ctx.fillStyle = '#1a1a1a';
    ctx.fillText(opts.rowLabels[d] ?? '', pad, y + cellHeight / 2, rowHead - 6);
    for (let h = 0; h < 24; h++) {
      const v = values[d * 24 + h] ?? 0;
      const x = pad + rowHead + h * cell;
      const share = v / max;
      ctx.globalAlpha = share;
      ctx.fillStyle = opts.colour;
      ctx.fillRect(x, y, cell, cellHeight);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = '#e2e2e2';
      ctx.strokeRect(x + 0.5, y + 0.5, cell - 1, cellHeight - 1);
      if (v > 0) {
        ctx.textAlign = 'center';
        ctx.fillStyle = share > 0.55 ? '#ffffff' : '#1a1a1a';
        ctx.fillText(opts.formatNumber(v), x + cell / 2, y + cellHeight / 2, cell - 2);
      }
    }
  }
  return canvasPng(canvas);
}
