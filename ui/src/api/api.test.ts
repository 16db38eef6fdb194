import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { api, describeError, isApiError, toApiError, type ErrorCode } from "./index";

afterEach(() => clearMocks());

describe("api module", () => {
  it("passes arguments through with the command's names", async () => {
    const seen: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      seen.push({ cmd, args });
      return { id: 7, status: "disputed" };
    });
    await api.markClaim(7, "disputed", "wrong year");
    expect(seen).toEqual([{ cmd: "mark_claim", args: { claim: 7, status: "disputed", reason: "wrong year" } }]);
  });

  it("rethrows the Rust error as a typed ApiError", async () => {
    mockIPC(() => {
      throw { code: "workspace_in_use", message: "The workspace is open in another process." };
    });
    const err = await api.listDocuments().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isApiError(err)).toBe(true);
    expect(err).toEqual({ code: "workspace_in_use", message: "The workspace is open in another process." });
  });

  it("asks the dialog plugin for drafts and always hands back a list", async () => {
    const answers: unknown[] = ["/home/ed/story.md", null, ["/a.docx", "/b.txt"]];
    const seen: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      seen.push({ cmd, args });
      return answers.shift();
    });
    expect(await api.pickDraftFiles()).toEqual(["/home/ed/story.md"]);
    expect(await api.pickDraftFiles()).toEqual([]);
    expect(await api.pickDraftFiles()).toEqual(["/a.docx", "/b.txt"]);
    expect(seen[0]?.cmd).toBe("plugin:dialog|open");
    const options = (seen[0]?.args as { options: { filters: { extensions: string[] }[]; multiple: boolean } }).options;
    expect(options.multiple).toBe(true);
    expect(options.filters[0]?.extensions).toContain("docx");
  });

  it("turns a failing dialog into a typed error", async () => {
    mockIPC(() => {
      throw "dialog unavailable";
    });
    const err = await api.pickSavePath("report.html", "html").then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toEqual({ code: "ipc", message: "dialog unavailable" });
  });

  it("wraps anything else as an ipc error", () => {
    expect(toApiError(new Error("boom"))).toEqual({ code: "ipc", message: "boom" });
    expect(toApiError("plain")).toEqual({ code: "ipc", message: "plain" });
  });

  it("describes errors by code, not by message", () => {
    expect(describeError({ code: "workspace_in_use", message: "x" }).title).toMatch(/open elsewhere/);
    expect(describeError({ code: "disputed_needs_reason", message: "x" }).title).toMatch(/why/);
    // The import's real codes reach the draft messages (there never was an `empty_draft` or `binary_file`).
    expect(describeError({ code: "empty", message: "the draft is empty" }).title).toMatch(/draft is empty/);
    expect(describeError({ code: "binary", message: "Binary." })).toEqual({
      title: "That file is not a text draft",
      detail: "Binary.",
    });
    expect(describeError({ code: "timeout", message: "timed out after 5 ms" }).detail).toBe("timed out after 5 ms");
    // A code the compiler does not know (a newer shell) still shows the message at run time.
    expect(describeError({ code: "something_new" as string as ErrorCode, message: "Exact text" }).detail).toBe("Exact text");
  });

  it("clears a claim's stale flag through clear_stale", async () => {
    const seen: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      seen.push({ cmd, args });
      return { claim: { id: 4, stale: false }, document: { id: 1 }, history: [] };
    });
    const c = await api.clearStale(4);
    expect(c.claim.stale).toBe(false);
    expect(seen).toEqual([{ cmd: "clear_stale", args: { claim: 4 } }]);
  });
});
