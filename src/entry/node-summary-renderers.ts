/**
 * Node-only renderers for summaries: PNG through resvg (WebAssembly, no native build) with Noto Sans
 * (TrueType files shipped in @expo-google-fonts/noto-sans), and .xlsx through exceljs. Installed by the
 * Node runtime and the CLI; the Worker installs the .xlsx one only (src/entry/worker.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import ExcelJS from 'exceljs';
import { installSummaryRenderers, type SummaryRenderers } from '../domain/summaries/renderers';
import { xlsxRenderer } from '../domain/summaries/xlsx';

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

export const nodeSummaryRenderers: SummaryRenderers = { png, xlsx: xlsxRenderer(() => ExcelJS) };

export function installNodeSummaryRenderers(): void {
  installSummaryRenderers(nodeSummaryRenderers);
}
