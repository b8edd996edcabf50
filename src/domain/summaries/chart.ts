/**
 * The summary as a bar chart: one group per child unit (worst first, at most MAX_ROWS), three
 * horizontal bars each: share of the due cell-months met and reported (of the months so far when
 * nothing is due yet: compute.ts `shares`), and of cells visited. Built as an SVG
 * string here (pure, runs anywhere); rasterised to PNG by the runtime's renderer (see renderers.ts).
 */
import { summaries as t } from '../../messages/vi/summaries';
import { type Summary, shares } from './compute';
import { periodName } from './render';

export const CHART_WIDTH = 800;
export const MAX_ROWS = 20;
const TOP = 96;
const ROW = 66;
const BOTTOM = 40;
const LABEL_W = 250;
const BAR_W = CHART_WIDTH - LABEL_W - 70;
const COLORS = { met: '#c62828', reported: '#1565c0', visited: '#2e7d32' };

export function chartHeight(rows: number): number {
  return TOP + Math.max(1, Math.min(rows, MAX_ROWS)) * ROW + BOTTOM;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
}

export function summaryChartSvg(s: Summary): ChartSvg {
  const rows =
    s.children.length > 0
      ? s.children.slice(0, MAX_ROWS)
      : [{ ...s.totals, name: s.unit.name, code: s.unit.code }];
  const height = chartHeight(rows.length);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="Noto Sans">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="20" y="34" font-size="22" font-weight="bold" fill="#222">${esc(clip(`${s.unit.name} — ${periodName(s.period)}`, 60))}</text>`,
  );
  const legend = [
    ['met', t.chartLegend.met],
    ['reported', t.chartLegend.reported],
    ['visited', t.chartLegend.visited],
  ] as const;
  legend.forEach(([k, label], i) => {
    const x = 20 + i * 170;
    out.push(
      `<rect x="${x}" y="52" width="18" height="18" fill="${COLORS[k]}"/>`,
      `<text x="${x + 26}" y="67" font-size="16" fill="#222">${esc(label)}</text>`,
    );
  });
  out.push(
    `<text x="${CHART_WIDTH - 20}" y="67" font-size="14" fill="#555" text-anchor="end">${esc(t.chartAxis)}</text>`,
  );
  rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    if (i % 2 === 1)
      out.push(`<rect x="0" y="${y - 4}" width="${CHART_WIDTH}" height="${ROW}" fill="#f5f5f5"/>`);
    out.push(`<text x="20" y="${y + 34}" font-size="16" fill="#222">${esc(clip(r.name, 26))}</text>`);
    const sh = shares(r, s.totals);
    (['met', 'reported', 'visited'] as const).forEach((k, j) => {
      const by = y + 4 + j * 19;
      out.push(`<rect x="${LABEL_W}" y="${by}" width="${BAR_W}" height="15" fill="#e0e0e0"/>`);
      // A unit that owes nothing yet in a chart of due months has no share to draw.
      if (sh.basis === 'none_due' && k !== 'visited') {
        out.push(
          `<text x="${LABEL_W + 6}" y="${by + 12}" font-size="12" fill="#555">${esc(t.chartNotDue)}</text>`,
        );
        return;
      }
      const w = Math.round(BAR_W * Math.max(0, Math.min(1, sh[k])));
      out.push(
        `<rect x="${LABEL_W}" y="${by}" width="${w}" height="15" fill="${COLORS[k]}"/>`,
        `<text x="${LABEL_W + BAR_W + 8}" y="${by + 13}" font-size="13" fill="#222">${Math.round(sh[k] * 100)}%</text>`,
      );
    });
  });
  out.push('</svg>');
  return { svg: out.join(''), width: CHART_WIDTH, height };
}
