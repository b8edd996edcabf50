/**
 * The seam between summaries and the binary formats. Pictures and workbooks need a runtime's help
 * (a WebAssembly module and font files for the PNG, exceljs for the workbook, which relies on Node's
 * streams), so the runtime installs renderers at start; shared code only asks for them and says
 * "not available" when none was installed (the Worker, for now).
 */
import type { Db } from '../../../db/types';
import { longRead } from '../../offload';
import { summaryChartSvg } from './chart';
import type { Summary } from './compute';
import type { AsOf } from './expected';
import { buildWorkbook, type WorkbookSpec } from './workbook';

export interface SummaryRenderers {
  /** SVG → PNG bytes at the SVG's own size. */
  png?(svg: string): Promise<Uint8Array>;
  /** Workbook → .xlsx bytes. */
  xlsx?(book: WorkbookSpec): Promise<Uint8Array>;
}

let installed: SummaryRenderers = {};

export function installSummaryRenderers(r: SummaryRenderers): void {
  installed = { ...installed, ...r };
}

export function summaryRenderers(): SummaryRenderers {
  return installed;
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * The chart of a summary as PNG bytes, and the export as .xlsx bytes: long reads (src/offload.ts),
 * because rasterising a chart or writing a province's workbook takes from a fifth of a second to
 * seconds. Callers check that a renderer is installed first; where the work runs has its own.
 */
export const summaryPng = longRead('summaryPng', async (_db: Db, summary: Summary) =>
  rendered('png').png!(summaryChartSvg(summary).svg),
);

export const summaryXlsx = longRead('summaryXlsx', async (db: Db, summary: Summary, at: AsOf) =>
  rendered('xlsx').xlsx!(await buildWorkbook(db, summary, at)),
);

function rendered(kind: keyof SummaryRenderers): SummaryRenderers {
  if (!installed[kind]) throw new Error(`no ${kind} renderer installed here`);
  return installed;
}
