// Status labels and icons: status is told apart by a word and a symbol as well as by colour.
import type { ClaimStatus } from "./api";

export const STATUS_LABEL: Record<ClaimStatus, string> = {
  unsourced: "Unsourced",
  verified: "Verified",
  disputed: "Disputed",
};

export const STATUS_ICON: Record<ClaimStatus, string> = {
  unsourced: "○",
  verified: "✓",
  disputed: "✕",
};

export const KIND_LABEL: Record<string, string> = {
  statistic: "Number",
  quotation: "Quote",
  attribution: "Attribution",
  event: "Event",
  comparison: "Comparison",
  causal: "Causal",
  intent: "Intent",
};
