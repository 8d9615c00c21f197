// `agenix sessions migrate --to <store> [--from <store>]`: copy every session between the file
// store and PostgreSQL. Stores are named "files", "files:<folder>" or a postgres:// URL; messages
// name them without credentials.
import { UsageError } from "../../errors.js";
import { migrateSessions } from "../../sessions/migrate.js";
import { storeFromSpec } from "../../sessions/open-store.js";
import { describeConnection, isPostgresUrl } from "../../sessions/postgres/connection.js";
import type { SessionStore } from "../../sessions/store.js";
import { writeErr, writeOut, writeProgress } from "../output.js";
import type { CommandOptions } from "./context.js";

function describeStore(spec: string, store: SessionStore): string {
  return isPostgresUrl(spec) ? `PostgreSQL ${describeConnection(spec)}` : `files ${store.localRoot}`;
}

export async function migrateCommand(options: CommandOptions): Promise<number> {
  const toSpec = typeof options.to === "string" ? options.to.trim() : "";
  if (!toSpec)
    throw new UsageError("sessions migrate needs --to <store> (files, files:<folder> or postgres://...)");
  const fromSpec =
    typeof options.from === "string" ? options.from.trim() : (process.env.AGENIX_SESSION_STORE ?? "files");
  const from = await storeFromSpec(fromSpec);
  const to = await storeFromSpec(toSpec);
  const fromName = describeStore(fromSpec, from);
  const toName = describeStore(toSpec, to);
  if (fromName === toName) throw new UsageError(`--from and --to are the same store (${toName})`);
  const tty = process.stderr.isTTY === true;
  writeErr(`Migrating sessions from ${fromName} to ${toName}\n`);
  try {
    const report = await migrateSessions(from, to, {
      onProgress: (done, total) => {
        if (!tty) return;
        const width = 30;
        const filled = Math.round((done / Math.max(total, 1)) * width);
        writeProgress(`[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`);
        if (done === total) writeErr("\n");
      },
    });
    const lines = [
      `Copied ${report.copied.length}, already there ${report.skipped.length}, ` +
        `conflicts ${report.conflicts.length}, failed ${report.failed.length}; ` +
        `verified ${report.verified} (same JSON on both sides).`,
      ...report.conflicts.map(
        (id) => `Conflict: ${id} exists in ${toName} with different content; left as it is.`,
      ),
      ...report.failed.map((f) => `Failed: ${f.id}: ${f.reason}`),
    ];
    writeOut(`${lines.join("\n")}\n`);
    return report.failed.length + report.conflicts.length > 0 ? 1 : 0;
  } finally {
    await from.close();
    await to.close();
  }
}
