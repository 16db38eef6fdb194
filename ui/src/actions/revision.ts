// Re-importing a revised draft, and the sentence that says what it did.
import type { RevisionSummary } from "../api";
import type { Ctx } from "./context";
import { openDocument, reloadDocuments } from "./documents";
import { setFooter, showError } from "./feedback";

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Version 2: 12 claims kept, 1 moved, 2 marked stale, 1 orphaned, 3 new." */
export function describeRevision(r: RevisionSummary): string {
  const parts = [
    `${count(r.kept.length, "claim", "claims")} kept`,
    `${r.moved.length} moved`,
    `${r.stale.length} marked stale`,
    `${r.orphaned.length} orphaned`,
    `${r.created.length} new`,
  ];
  return `Version ${r.version}: ${parts.join(", ")}.`;
}

/**
 * Re-imports the open document from `text`. `imported` runs as soon as the core has taken it (the dialog closes
 * then); the documents list and the document are then loaded again. Resolves to false on an error (shown).
 */
export async function reviseDraft(ctx: Ctx, text: string, imported: () => void): Promise<boolean> {
  const open = ctx.store.state.open;
  if (!open) return false;
  const id = open.id;
  try {
    const r = await ctx.api.reviseDraft(id, text);
    setFooter(ctx.store, `Revised draft imported. ${describeRevision(r)}`);
    imported();
    await reloadDocuments(ctx);
    await openDocument(ctx, id);
    return true;
  } catch (e) {
    showError(ctx.store, e);
    return false;
  }
}
