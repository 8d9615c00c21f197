// The import worker pool of the built package (dist/: the worker is compiled JavaScript): results
// equal preparing in this thread, a transcript's error is that transcript's, and a dead worker
// fails only its own jobs while the rest are prepared in this thread.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { prepareTranscript } from "../../src/history/import/prepare.js";
import { repoRoot } from "../support/cli.js";

const { TranscriptPreparer } = (await import(
  path.join(repoRoot, "dist/history/import/workers.js")
)) as typeof import("../../src/history/import/workers.js");

const CLAUDE = path.join(repoRoot, "test/fixtures/import/claude-code/basic.jsonl");

/** A prepared session with its bytes as a Buffer (a worker's arrive as a plain Uint8Array). */
const plain = (p: { bytes: Uint8Array }) => ({ ...p, bytes: Buffer.from(p.bytes).toString("utf8") });

describe("import workers", () => {
  let preparer: InstanceType<typeof TranscriptPreparer> | undefined;
  afterEach(async () => {
    await preparer?.close();
  });

  it("prepare in worker threads what this thread would, and report a transcript's own error", async () => {
    preparer = new TranscriptPreparer(2);
    expect(preparer.parallel).toBe(2);
    const expected = plain(prepareTranscript("claude-code", CLAUDE, "/fallback"));
    expect(expected.bytes).toContain('"imported_from"');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => preparer!.prepare("claude-code", CLAUDE, "/fallback")),
    );
    for (const result of results) expect(plain(result)).toEqual(expected);
    await expect(preparer.prepare("claude-code", "/no/such/transcript.jsonl", "/fallback")).rejects.toThrow(
      /ENOENT/,
    );
    expect(plain(await preparer.prepare("claude-code", CLAUDE, "/fallback"))).toEqual(expected);
  });

  it("a worker that dies fails its own jobs; later ones are prepared in this thread", async () => {
    preparer = new TranscriptPreparer(1);
    const pending = preparer.prepare("claude-code", CLAUDE, "/fallback");
    // biome-ignore lint/suspicious/noExplicitAny: reaching the one worker to kill it
    await (preparer as any).slots[0].worker.terminate();
    await expect(pending).rejects.toThrow(/import worker stopped/);
    expect(plain(await preparer.prepare("claude-code", CLAUDE, "/fallback"))).toEqual(
      plain(prepareTranscript("claude-code", CLAUDE, "/fallback")),
    );
  });
});
