// The ring a background shell's output waits in: bounded, counts what it drops, never splits a
// character, and each take() returns only what came since the last one.
import { describe, expect, it } from "vitest";
import { OutputRing } from "../../src/tools/output-ring.js";

describe("OutputRing", () => {
  it("keeps the newest bytes up to its capacity and counts the dropped ones", () => {
    const ring = new OutputRing(10);
    ring.write(Buffer.from("abcdefgh"));
    ring.write(Buffer.from("ijklmn"));
    expect(ring.unreadBytes).toBe(10);
    expect(ring.take()).toEqual({ text: "efghijklmn", droppedBytes: 4 });
    expect(ring.take()).toEqual({ text: "", droppedBytes: 0 });
    ring.write(Buffer.from("xyz"));
    expect(ring.take()).toEqual({ text: "xyz", droppedBytes: 0 });
    expect(ring.totalBytes).toBe(17);
  });

  it("a single chunk larger than the ring keeps its tail", () => {
    const ring = new OutputRing(4);
    ring.write(Buffer.from("ab"));
    ring.write(Buffer.from("0123456789"));
    expect(ring.take()).toEqual({ text: "6789", droppedBytes: 8 });
  });

  it("a character split across writes comes whole with the read after it completes", () => {
    const ring = new OutputRing(100);
    const euro = Buffer.from("€");
    ring.write(euro.subarray(0, 2));
    expect(ring.take().text).toBe("");
    ring.write(euro.subarray(2));
    expect(ring.take().text).toBe("€");
  });

  it("a drop that cuts a character starts at the next whole one", () => {
    const ring = new OutputRing(4);
    ring.write(Buffer.from("aé€")); // 1 + 2 + 3 bytes: the last 4 start inside é
    expect(ring.take()).toEqual({ text: "€", droppedBytes: 2 });
  });

  it("holds at most its capacity whatever is written (1 MB default)", () => {
    const ring = new OutputRing();
    const chunk = Buffer.alloc(64 * 1024, "x");
    for (let i = 0; i < 100; i++) ring.write(chunk);
    expect(ring.unreadBytes).toBe(1024 * 1024);
    const read = ring.take();
    expect(read.text.length).toBe(1024 * 1024);
    expect(read.droppedBytes).toBe(100 * 64 * 1024 - 1024 * 1024);
  });
});
