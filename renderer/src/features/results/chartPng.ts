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
  const band = opts.title ? TITLE_BAND : 0;
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
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round((height + band) * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No canvas to draw the chart on.');
    ctx.scale(scale, scale);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height + band);
    if (opts.title) {
      ctx.fillStyle = '#1a1a1a';
      ctx.font = `600 15px ${style.fontFamily}`;
      ctx.textBaseline = 'middle';
      ctx.fillText(opts.title, 12, band / 2, width - 24);
    }
    ctx.translate(0, band);
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
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The chart picture could not be made.'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
