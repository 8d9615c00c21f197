// Bounded fuzzing of the loader (AGENIX_FUZZ_CASES scales it up): mutated, truncated and
// bit-flipped session files either load as valid sessions or fail with SessionLoadError.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionLoadError } from "../../src/errors.js";
import { SessionSchema } from "../../src/messages/schema.js";
import { parseSessionBytes } from "../../src/sessions/load.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { salvageSession } from "../../src/sessions/salvage.js";
import { serializeSession } from "../../src/sessions/serialize.js";
import { faultSeed } from "../faults/helpers.js";
import { prng } from "../support/prng.js";
import { makeTempRoot, sampleConversation, type TempRoot } from "./helpers.js";

const CASES = Number(process.env.AGENIX_FUZZ_CASES ?? 600);
// A fresh seed each run (printed), or AGENIX_FAULT_SEED to replay one, as the fault tests do.
const SEED = faultSeed();
console.log(`[sessions/fuzz] seed=${SEED} cases=${CASES} (replay: AGENIX_FAULT_SEED=${SEED})`);

let tmp: TempRoot;
let valid: Buffer;
beforeAll(async () => {
  tmp = makeTempRoot();
  const manager = new SessionManager({ dir: tmp.root });
  const data = await manager.createSessionData({
    workingDir: tmp.workDir,
    model: "gpt-4o",
    metadata: { tags: ["t"] },
  });
  data.messages.push(...sampleConversation(), ...sampleConversation());
  valid = Buffer.from(serializeSession(data).text);
});
afterAll(() => tmp.cleanup());

function mutate(bytes: Buffer, random: () => number): Buffer {
  const out = Buffer.from(bytes);
  const kind = Math.floor(random() * 4);
  const at = Math.floor(random() * out.length);
  if (kind === 0) return out.subarray(0, at);
  if (kind === 1) {
    out[at] ^= 1 << Math.floor(random() * 8);
    return out;
  }
  if (kind === 2) {
    for (let i = 0; i < 8; i++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
    return out;
  }
  const pieces = '{}[]",:\\\0\n'.split("");
  const junk = Buffer.from(
    Array.from({ length: 5 }, () => pieces[Math.floor(random() * pieces.length)]).join(""),
  );
  return Buffer.concat([out.subarray(0, at), junk, out.subarray(at)]);
}

describe("loader fuzz", () => {
  it(`${CASES} damaged files: a valid session or SessionLoadError, never anything else`, () => {
    const random = prng(SEED);
    const file = path.join(tmp.root, "fuzz.json");
    let loaded = 0;
    for (let i = 0; i < CASES; i++) {
      const bytes = mutate(valid, random);
      try {
        const result = parseSessionBytes(file, bytes);
        expect(SessionSchema.safeParse(result.data).success).toBe(true);
        loaded++;
      } catch (error) {
        if (!(error instanceof SessionLoadError)) {
          writeFileSync(path.join(tmp.base, `case-${i}.json`), bytes);
          throw error;
        }
        expect(error.message.startsWith(`Failed to load session: ${file}: `)).toBe(true);
      }
      // The repair scanner must also cope with anything.
      salvageSession(bytes.toString("utf8"), { resync: true });
    }
    expect(loaded).toBeGreaterThan(0);
  });

  it("hostile shapes: deep nesting, huge strings, wrong types", () => {
    const inputs = [
      "[".repeat(100_000),
      `{"messages": ${"[".repeat(50_000)}`,
      `{"id": "${"a".repeat(1_000_000)}`,
      '{"id": 1, "working_dir": [], "model": null}',
      "\uFEFF{}",
      "null",
    ];
    for (const text of inputs) {
      expect(() => parseSessionBytes("/x/s.json", Buffer.from(text))).toThrow(SessionLoadError);
      salvageSession(text, { resync: true });
    }
  });
});
