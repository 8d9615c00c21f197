import { describe, expect, it } from "vitest";
import { InvalidSessionIdError } from "../../src/errors.js";
import { folderNameFor, validateSessionId } from "../../src/sessions/paths.js";

describe("folderNameFor", () => {
  it("follows the spec's examples", () => {
    expect(folderNameFor("/home/user/project1")).toBe("home_user_project1");
    expect(folderNameFor("/tmp")).toBe("tmp");
    expect(folderNameFor("/home/user/project1/")).toBe("home_user_project1");
  });

  it("names the root directory _", () => {
    expect(folderNameFor("/")).toBe("_");
  });

  it("shortens names over 200 bytes with a hash, on a character boundary", () => {
    const deep = `/${"é".repeat(150)}/${"x".repeat(100)}`;
    const name = folderNameFor(deep);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
    expect(name).toMatch(/_[0-9a-f]{12}$/);
    expect(name).not.toContain("\uFFFD");
    expect(folderNameFor(`${deep}y`)).not.toBe(name);
  });
});

describe("validateSessionId", () => {
  it("accepts plain ids", () => {
    for (const id of ["20240101_120000", "20240101_120000_2", "exported_session", "a b-c"]) {
      expect(validateSessionId(id)).toBe(id);
    }
  });

  it("rejects hostile ids with the spec's error", () => {
    for (const id of [
      "",
      "../x",
      "a/b",
      "/etc/passwd",
      "a\\b",
      "x\0y",
      "x".repeat(10_000),
      ".hidden",
      "..",
      "a..b",
    ]) {
      expect(() => validateSessionId(id)).toThrow(InvalidSessionIdError);
      expect(() => validateSessionId(id)).toThrow(/^Invalid session id: /);
    }
  });
});
