/**
 * The seam between summaries and the binary formats. Pictures and workbooks need a runtime's help
 * (a WebAssembly module and font files for the PNG, exceljs for the workbook, which relies on Node's
 * streams), so the runtime installs renderers at start; shared code only asks for them and says
 * "not available" when none was installed (the Worker, for now).
 */
import type { WorkbookSpec } from './workbook';

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
