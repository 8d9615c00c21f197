// Copying every session from one store to another (files <-> PostgreSQL), keeping ids. Idempotent:
// a session already in the target with the same JSON is skipped; one that differs is reported and
// left alone. A verification pass compares the spec JSON on both sides.
import type { SessionData } from "../messages/types.js";
import { serializeSession } from "./serialize.js";
import type { SessionStore } from "./store.js";

export interface MigrateReport {
  copied: string[];
  skipped: string[];
  conflicts: string[];
  failed: { id: string; reason: string }[];
  verified: number;
}

export interface MigrateOptions {
  onProgress?: (done: number, total: number) => void;
}

export async function migrateSessions(
  from: SessionStore,
  to: SessionStore,
  options: MigrateOptions = {},
): Promise<MigrateReport> {
  const report: MigrateReport = { copied: [], skipped: [], conflicts: [], failed: [], verified: 0 };
  await Promise.all([from.ping(), to.ping()]);
  const sessions = await from.listSessions({ all: true, rescan: true });
  let done = 0;
  for (const summary of sessions) {
    const where = { workingDir: summary.working_dir };
    try {
      const text = String(await from.sessionText(summary.id, where));
      const data = JSON.parse(text) as SessionData;
      if (await to.hasSession(summary.id)) {
        const theirs = String(await to.sessionText(summary.id, where));
        if (serializeSession(JSON.parse(theirs)).text === serializeSession(data).text)
          report.skipped.push(summary.id);
        else report.conflicts.push(summary.id);
      } else {
        await to.putSession(data);
        report.copied.push(summary.id);
      }
    } catch (error) {
      report.failed.push({ id: summary.id, reason: (error as Error).message });
    }
    options.onProgress?.(++done, sessions.length);
  }
  for (const id of [...report.copied, ...report.skipped]) {
    const summary = sessions.find((s) => s.id === id);
    const where = { workingDir: summary?.working_dir };
    const a = serializeSession(JSON.parse(String(await from.sessionText(id, where)))).text;
    const b = serializeSession(JSON.parse(String(await to.sessionText(id, where)))).text;
    if (a === b) report.verified++;
    else report.failed.push({ id, reason: "verification failed: the copy differs from the source" });
  }
  return report;
}
