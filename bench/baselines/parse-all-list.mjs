// The naive lister that agenix must beat: read and JSON.parse every session file in one folder and
// print the same lines as `agenix sessions list`, newest first.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const folder = process.argv[2];
const sessions = [];
for (const name of readdirSync(folder)) {
  // Session files only: skip the index (`.index.json`) and any other dotfile.
  if (!name.endsWith(".json") || name.startsWith(".")) continue;
  const data = JSON.parse(readFileSync(path.join(folder, name), "utf8"));
  sessions.push({ id: name.slice(0, -5), data });
}
sessions.sort((a, b) => (a.data.updated_at < b.data.updated_at ? 1 : -1));
const lines = sessions.map(({ id, data }) => {
  const name = data.metadata?.name ? `  ${data.metadata.name}` : "";
  return `• ${id} - ${data.created_at}${name} (${data.messages.length} messages)`;
});
process.stdout.write(`${lines.join("\n")}\n`);
