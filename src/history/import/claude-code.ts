// Claude Code: `~/.claude/projects/<dir>/<session uuid>.jsonl`. Each line is one event: `user`
// (text, or `tool_result` blocks answering tool_use ids), `assistant` (one content block per line:
// text, thinking or tool_use, lines of one API message share `message.id`), `system` (e.g.
// `compact_boundary`), `summary` (a title), `custom-title` (the user's /rename: the latest wins over
// every other title) and `ai-title` (a generated title: the latest, used when nothing else names the
// session), and others (file-history-snapshot, progress, ...) that are skipped. Lines link to their parent by `parentUuid`; rewinds leave branches, and the current
// branch is the chain ending at the last message. Sidechain lines (subagents) are not part of the
// main conversation; a file of only sidechain lines (a subagent transcript) imports on its own.
import path from "node:path";
import {
  argumentsObject,
  contentText,
  type ImportedSession,
  makeUsage,
  normalizeTimestamp,
  num,
  obj,
  parseJsonLines,
  SessionBuilder,
  type TranscriptText,
  toSession,
} from "./build.js";

type Line = Record<string, unknown>;

/** The lines of the current branch, in order (file order when the chain cannot be followed). */
function currentBranch(lines: Line[]): Line[] {
  const byUuid = new Map<string, Line>();
  for (const line of lines) if (typeof line.uuid === "string") byUuid.set(line.uuid, line);
  const leaf = [...lines]
    .reverse()
    .find((l) => (l.type === "user" || l.type === "assistant") && typeof l.uuid === "string");
  if (!leaf) return lines;
  const chain: Line[] = [];
  const seen = new Set<string>();
  let at: Line | undefined = leaf;
  while (at && !seen.has(at.uuid as string)) {
    seen.add(at.uuid as string);
    chain.push(at);
    const parent: unknown = at.parentUuid ?? at.logicalParentUuid;
    at = typeof parent === "string" ? byUuid.get(parent) : undefined;
  }
  const withUuid = lines.filter((l) => typeof l.uuid === "string").length;
  // A chain that misses most lines means the links are not what we expect: keep the file order.
  if (chain.length < withUuid / 2) return lines;
  chain.reverse();
  const kept = new Set(chain);
  return lines.filter((l) => kept.has(l) || typeof l.uuid !== "string");
}

export function importClaudeCode(text: TranscriptText, file: string): ImportedSession {
  const { items, bad } = parseJsonLines(text);
  const all = items.filter((l) => l.type === "user" || l.type === "assistant" || l.type === "system");
  const sidechainOnly = all.length > 0 && all.every((l) => l.isSidechain === true);
  const lines = currentBranch(items.filter((l) => sidechainOnly || l.isSidechain !== true));
  const b = new SessionBuilder();
  let name: string | undefined;
  let customTitle: string | undefined;
  let aiTitle: string | undefined;
  let cwd: string | undefined;
  let sessionId: string | undefined;
  let lastMessageId: unknown;
  let pendingCompaction: number | undefined;
  for (const line of lines) {
    const timestamp = normalizeTimestamp(line.timestamp);
    if (typeof line.cwd === "string" && !cwd) cwd = line.cwd;
    if (typeof line.sessionId === "string" && !sessionId) sessionId = line.sessionId;
    switch (line.type) {
      case "summary":
        if (typeof line.summary === "string" && !name) name = line.summary;
        break;
      case "custom-title":
        if (typeof line.customTitle === "string" && line.customTitle.trim()) customTitle = line.customTitle;
        break;
      case "ai-title":
        if (typeof line.aiTitle === "string" && line.aiTitle.trim()) aiTitle = line.aiTitle;
        break;
      case "system":
        if (line.subtype === "compact_boundary")
          pendingCompaction = num(obj(line.compactMetadata).preTokens) || 0;
        break;
      case "user": {
        lastMessageId = undefined;
        const message = obj(line.message);
        if (line.isCompactSummary === true) {
          b.compaction(contentText(message.content), pendingCompaction);
          pendingCompaction = undefined;
          break;
        }
        if (pendingCompaction !== undefined) {
          b.compaction("Conversation compacted", pendingCompaction);
          pendingCompaction = undefined;
        }
        if (line.isMeta === true) break;
        const content = message.content;
        if (Array.isArray(content)) {
          const texts: string[] = [];
          for (const block of content) {
            const blk = obj(block);
            if (blk.type === "tool_result") {
              const id = String(blk.tool_use_id ?? "");
              b.tool(
                id,
                b.callName(id) ?? "tool",
                contentText(blk.content),
                blk.is_error === true,
                timestamp,
              );
            } else if (blk.type === "text" && typeof blk.text === "string") texts.push(blk.text);
            else if (typeof blk.type === "string" && /image/.test(blk.type)) texts.push("[image]");
          }
          if (texts.length) b.user(texts.join("\n"), timestamp);
        } else b.user(contentText(content), timestamp);
        break;
      }
      case "assistant": {
        const message = obj(line.message);
        if (message.id !== lastMessageId || message.id === undefined) b.endAssistant();
        lastMessageId = message.id;
        const usage = obj(message.usage);
        const input =
          num(usage.input_tokens) +
          num(usage.cache_creation_input_tokens) +
          num(usage.cache_read_input_tokens);
        for (const block of Array.isArray(message.content) ? message.content : [message.content]) {
          const blk = obj(block);
          if (typeof block === "string") b.assistant({ text: block, timestamp });
          else if (blk.type === "text") b.assistant({ text: String(blk.text ?? ""), timestamp });
          else if (blk.type === "thinking") b.assistant({ reasoning: String(blk.thinking ?? ""), timestamp });
          else if (blk.type === "tool_use") {
            b.assistant({
              toolCalls: [
                {
                  id: String(blk.id ?? ""),
                  name: String(blk.name ?? "tool"),
                  arguments: argumentsObject(blk.input),
                },
              ],
              timestamp,
            });
          } else if (blk.type === "redacted_thinking") b.assistant({ timestamp });
        }
        b.assistant({
          model:
            typeof message.model === "string" && message.model !== "<synthetic>" ? message.model : undefined,
          usage: Object.keys(usage).length
            ? makeUsage(
                input,
                num(usage.output_tokens),
                num(usage.cache_read_input_tokens),
                num(usage.cache_creation_input_tokens),
              )
            : undefined,
          stopReason: typeof message.stop_reason === "string" ? message.stop_reason : undefined,
        });
        break;
      }
      default:
        break; // file-history-snapshot, progress, queue-operation and future line types
    }
  }
  const fileId = path.basename(file, ".jsonl");
  // Claude Code names each transcript after its session id; a subagent's file after the agent.
  const sourceId = fileId || sessionId || "";
  return toSession(b, {
    agent: "claude-code",
    path: file,
    sourceId,
    workingDir: cwd ?? "",
    name: customTitle ?? name ?? aiTitle ?? (sidechainOnly ? `Subagent ${fileId}` : undefined),
    skippedLines: bad,
    extraMetadata: sidechainOnly ? { sidechain: true } : undefined,
  });
}
