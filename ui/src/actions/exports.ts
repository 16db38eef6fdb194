// Reports of the open document: preview, the save dialog, saving. Failures are thrown for the export dialog to show
// in its own status line (not the banner).
import type { ReportFormat } from "../api";
import type { Ctx } from "./context";

/** A report format, or the evidence bundle (.zip). */
export type ExportFormat = ReportFormat | "bundle";

/** The file extension each export format is saved with (the save dialog's filter). */
export const EXPORT_EXTENSION: Record<ExportFormat, string> = {
  html: "html",
  md: "md",
  json: "json",
  csv: "csv",
  claimreview: "jsonld",
  bundle: "zip",
};

/** The preview text of the open document's report, or null with no document open. */
export async function reportPreview(ctx: Ctx, format: ReportFormat, reviewUrl: string | null): Promise<string | null> {
  const open = ctx.store.state.open;
  if (!open) return null;
  return (await ctx.api.reportPreview(open.id, format, reviewUrl)).text;
}

/** The OS save dialog, suggesting the document's title as the file name. */
export function pickSavePath(ctx: Ctx, format: ExportFormat): Promise<string | null> {
  const ext = EXPORT_EXTENSION[format] ?? "txt";
  const title = ctx.store.state.open?.title ?? "report";
  return ctx.api.pickSavePath(`${title.replace(/[\\/:*?"<>|]+/g, "-")}.${ext}`, ext);
}

/** Saves the open document's report (or bundle) to `path`; resolves to false with no document open. */
export async function saveExport(ctx: Ctx, format: ExportFormat, reviewUrl: string | null, path: string): Promise<boolean> {
  const open = ctx.store.state.open;
  if (!open) return false;
  if (format === "bundle") await ctx.api.saveBundle(open.id, path);
  else await ctx.api.saveReport(open.id, format, reviewUrl, path);
  return true;
}
