/**
 * The Excel file of what the page shows: the workbook `xuat` sends, for the same unit and period,
 * through the renderer the runtime installed (Node and the Worker each have one). A runtime without
 * one gets a page saying so instead of a broken file.
 */
import type { Deps } from '../../deps';
import { computeSummary } from '../../domain/summaries/compute';
import { summaryRenderers } from '../../domain/summaries/renderers';
import { buildWorkbook, workbookFilename } from '../../domain/summaries/workbook';
import { dashboard as t } from '../../messages/vi/dashboard';
import { messagePage } from './layout';
import { unitRoute } from './unit-route';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function excelRoute(deps: Deps) {
  return unitRoute(deps, async ({ c, viewer, unit, db, now, tz, chosen }) => {
    const render = summaryRenderers().xlsx;
    if (!render) return c.html(messagePage(t.excel, t.excelUnavailable, viewer), 501);
    const at = { now, tz };
    const summary = await computeSummary(db, unit, chosen.period, at);
    const bytes = await render(await buildWorkbook(db, summary, at));
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': XLSX,
      'content-disposition': `attachment; filename="${workbookFilename(summary)}"`,
      'cache-control': 'no-store',
    });
  });
}
