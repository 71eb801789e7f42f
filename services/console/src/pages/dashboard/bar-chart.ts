import { html, type Html } from '../../views/html.ts';

export interface Bar {
  /** Under the bar (a short date). */
  label: string;
  /** What the bar's height shows. */
  value: number;
  /** The value as a person reads it (a count, an amount of money), in the bar's tooltip and in the table. */
  text: string;
}

export interface ChartOptions {
  id: string;
  title: string;
  /** One sentence that says what the chart shows, for those who do not see it. */
  summary: string;
  labelHeader: string;
  valueHeader: string;
  /** The figures' table opener ("Show the figures"). */
  tableToggle: string;
  /** Print each value above its bar (counts are short; money is left to the tooltip and the table). */
  valuesOnBars?: boolean;
}

const W = 640;
const H = 200;
const TOP = 18;
const BOTTOM = 24;
const INK = '#1a1a1a';
const BAR = '#0b57d0';
const LINE = '#6b6f76';

/**
 * A bar chart drawn on the server as SVG: no script, no style attribute (the CSP allows neither), only presentation
 * attributes. It is an image with a title and a one-sentence description for screen readers; each bar has its own
 * <title> (the browser's tooltip); and the same figures are in a table beside it, for anyone who would rather read.
 */
export function barChart(o: ChartOptions, bars: readonly Bar[]): Html {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = W / Math.max(1, bars.length);
  const width = Math.max(2, slot * 0.7);
  const plot = H - TOP - BOTTOM;
  // A label needs about 56 units ("30 нояб."): with more bars than fit, every second (third…) one is labelled; each
  // bar's tooltip and the table still name them all.
  const labelEvery = Math.max(1, Math.ceil(56 / slot));
  const drawn = bars.map((b, i) => {
    const height = b.value > 0 ? Math.max(1, (b.value / max) * plot) : 0;
    const x = i * slot + (slot - width) / 2;
    const y = TOP + plot - height;
    const centre = (x + width / 2).toFixed(1);
    return html`<g>
      <rect
        x="${x.toFixed(1)}"
        y="${y.toFixed(1)}"
        width="${width.toFixed(1)}"
        height="${height.toFixed(1)}"
        fill="${BAR}"
      >
        <title>${b.label}: ${b.text}</title>
      </rect>
      ${
        o.valuesOnBars && b.value > 0
          ? html`<text x="${centre}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="12" fill="${INK}"
              >${b.text}</text
            >`
          : ''
      }
      ${
        i % labelEvery === 0
          ? html`<text x="${centre}" y="${H - 6}" text-anchor="middle" font-size="11" fill="${INK}">${b.label}</text>`
          : ''
      }
    </g>`;
  });
  return html`<figure class="chart">
    <svg
      viewBox="0 0 ${W} ${H}"
      width="100%"
      role="img"
      aria-labelledby="${o.id}-title ${o.id}-desc"
      xmlns="http://www.w3.org/2000/svg"
      font-family="system-ui, sans-serif"
    >
      <title id="${o.id}-title">${o.title}</title>
      <desc id="${o.id}-desc">${o.summary}</desc>
      <line x1="0" y1="${TOP + plot + 0.5}" x2="${W}" y2="${TOP + plot + 0.5}" stroke="${LINE}" stroke-width="1" />
      ${drawn}
    </svg>
    <figcaption>${o.summary}</figcaption>
    <details>
      <summary>${o.tableToggle}</summary>
      <table>
        <caption>
          ${o.title}
        </caption>
        <thead>
          <tr>
            <th scope="col">${o.labelHeader}</th>
            <th scope="col">${o.valueHeader}</th>
          </tr>
        </thead>
        <tbody>
          ${bars.map(
            (b) =>
              html`<tr>
                <th scope="row">${b.label}</th>
                <td>${b.text}</td>
              </tr>`
          )}
        </tbody>
      </table>
    </details>
  </figure>`;
}
