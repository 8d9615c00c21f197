import type { SubagentProgress } from "../subagent-progress.js";
import { tokensLabel } from "../subagent-progress.js";
import { Text } from "./SafeText.js";

/** `  ↳ explore 20261206_101500_2 · grep(auth) · 12s · 3,400 tokens`: one running child of a task call. */
export function SubagentLine({ progress, elapsed }: { progress: SubagentProgress; elapsed: number }) {
  const parts = [
    progress.tool ?? "thinking",
    `${elapsed}s`,
    tokensLabel(progress.tokens),
    ...(progress.problems > 0 ? [`${progress.problems} refused or failed`] : []),
  ];
  return (
    <Text dimColor wrap="truncate-end">
      {"  ↳ "}
      <Text bold>{progress.agent}</Text>
      {progress.sessionId ? ` ${progress.sessionId}` : ""} · {parts.join(" · ")}
    </Text>
  );
}
