/**
 * Node-only renderers for summaries: PNG through resvg (WebAssembly, no native build) with Noto Sans
 * (TrueType files shipped in @expo-google-fonts/noto-sans), and .xlsx through exceljs. Installed by the
 * Node runtime and the CLI; the Worker does not install them yet (see renderers.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import ExcelJS from 'exceljs';
import { installSummaryRenderers, type SummaryRenderers } from '../domain/summaries/renderers';
import type { WorkbookSpec } from '../domain/summaries/workbook';

const require = createRequire(import.meta.url);

let ready: Promise<Uint8Array[]> | undefined;

function prepare(): Promise<Uint8Array[]> {
  ready ??= (async () => {
    await initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    // Whole TrueType files: resvg's per-character fallback across subset files (Latin + Vietnamese)
    // dropped glyphs such as "Đ" and "ộ" in some names, so one complete font per weight is loaded.
    return ['400Regular', '700Bold'].map(
      (w) =>
        new Uint8Array(readFileSync(require.resolve(`@expo-google-fonts/noto-sans/${w}/NotoSans_${w}.ttf`))),
    );
  })();
  return ready;
}

async function png(svg: string): Promise<Uint8Array> {
  const fonts = await prepare();
  const r = new Resvg(svg, {
    font: { fontBuffers: fonts, defaultFontFamily: 'Noto Sans', loadSystemFonts: false } as never,
  });
  const image = r.render();
  const bytes = image.asPng();
  image.free();
  r.free();
  return bytes;
}

async function xlsx(book: WorkbookSpec): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
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
    for (const row of s.rows) ws.addRow(row);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export const nodeSummaryRenderers: SummaryRenderers = { png, xlsx };

export function installNodeSummaryRenderers(): void {
  installSummaryRenderers(nodeSummaryRenderers);
}
