/**
 * A WorkbookSpec written as .xlsx by exceljs. The runtime hands in its build of the library: Node
 * its main entry, the Worker the browser bundle (which carries its own stream and Buffer shims and
 * so runs without `nodejs_compat`), loaded on the first export only.
 */
import type ExcelJS from 'exceljs';
import type { WorkbookSpec } from './workbook';

export type ExcelJSModule = typeof ExcelJS;

const DATE_FORMAT = 'dd/mm/yyyy';

export function xlsxRenderer(load: () => ExcelJSModule | Promise<ExcelJSModule>) {
  return async function xlsx(book: WorkbookSpec): Promise<Uint8Array> {
    const lib = await load();
    const wb = new lib.Workbook();
    wb.title = book.title;
    wb.creator = 'chibo';
    for (const s of book.sheets) {
      const ws = wb.addWorksheet(s.name.slice(0, 31));
      const hasHeader = s.columns.some((c) => c.header);
      ws.columns = s.columns.map((c) => ({
        header: hasHeader ? c.header : undefined,
        width: c.width,
        style: c.format ? { numFmt: c.format } : undefined,
      }));
      if (hasHeader) ws.getRow(1).font = { bold: true };
      for (const row of s.rows) {
        // A date in a column without a format of its own (the summary sheet's "as of" day).
        ws.addRow(row).eachCell((c) => {
          if (c.value instanceof Date && !c.numFmt) c.numFmt = DATE_FORMAT;
        });
      }
    }
    return new Uint8Array(await wb.xlsx.writeBuffer());
  };
}
