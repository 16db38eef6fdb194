// The export dialog: a report format (or the evidence bundle), the ClaimReview page URL, a preview, the path to save
// to (typed, or chosen in the OS save dialog). Its errors show in its own status line.
import type { Actions, ExportFormat } from "../actions";
import { describeError, toApiError, type ReportFormat } from "../api";
import { h } from "../dom";
import type { Keys } from "../keymap";
import type { Store } from "../state/store";

function say(err: unknown): string {
  const d = describeError(toApiError(err));
  return `${d.title}: ${d.detail}`;
}

export function buildExportDialog(store: Store, actions: Actions, keys: Keys): HTMLDialogElement {
  const format = h(
    "select",
    { id: "export-format", "aria-label": "Report format" },
    h("option", { value: "html" }, "HTML (printable)"),
    h("option", { value: "md" }, "Markdown"),
    h("option", { value: "json" }, "JSON"),
    h("option", { value: "csv" }, "CSV (spreadsheet)"),
    h("option", { value: "claimreview" }, "ClaimReview JSON-LD"),
    h("option", { value: "bundle" }, "Evidence bundle (.zip)"),
  );
  const review = h("input", { id: "export-review-url", type: "url", placeholder: "Review page URL (ClaimReview only)", "aria-label": "Review page URL" });
  const path = h("input", { id: "export-path", type: "text", placeholder: "Save to (full path)", "aria-label": "File to save to" });
  const preview = h("pre", { id: "export-preview", class: "preview", tabindex: 0, "aria-label": "Report preview" });
  const status = h("p", { id: "export-status", role: "status" });
  const chosen = () => format.value as ExportFormat;
  const reviewUrl = () => review.value.trim() || null;

  const doPreview = async () => {
    const f = chosen();
    if (!store.state.open || f === "bundle") {
      preview.textContent = f === "bundle" ? "A zip of report.html, report.json, sources.warc.gz and SHA256SUMS." : "";
      return;
    }
    try {
      const text = (await actions.reportPreview(f as ReportFormat, reviewUrl())) ?? "";
      preview.textContent = text.length > 20000 ? `${text.slice(0, 20000)}\n…` : text;
    } catch (e) {
      preview.textContent = describeError(toApiError(e)).detail;
    }
  };
  format.addEventListener("change", () => void doPreview());

  const chooseButton = h(
    "button",
    {
      type: "button",
      id: "export-choose",
      onclick: () => {
        actions.pickSavePath(chosen()).then(
          (p) => {
            if (p !== null) path.value = p;
            path.focus();
          },
          (err: unknown) => {
            status.textContent = say(err);
          },
        );
      },
    },
    "Choose…",
  );
  const form = h(
    "form",
    { class: "paste-form" },
    h("h2", {}, "Export report"),
    format,
    review,
    h("div", { class: "row path-row" }, path, chooseButton),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", onclick: () => dialog.close() }, "Close"),
      h("button", { type: "submit", id: "export-save", class: "primary" }, "Save"),
    ),
    status,
    preview,
  );
  const dialog = h("dialog", { id: "export-dialog", "aria-label": "Export report" }, form);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!store.state.open) return;
    const target = path.value.trim();
    actions.saveExport(chosen(), reviewUrl(), target).then(
      (saved) => {
        if (saved) status.textContent = `Saved to ${target}`;
      },
      (err: unknown) => {
        status.textContent = say(err);
      },
    );
  });
  dialog.addEventListener("toggle", () => {
    if (dialog.open) void doPreview();
  });
  keys.register("openExport", () => {
    if (!store.state.open) return;
    dialog.showModal();
    void doPreview();
    format.focus();
  });
  return dialog;
}
