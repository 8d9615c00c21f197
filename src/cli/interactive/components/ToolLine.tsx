import { Box } from "ink";
import { useEffect, useState } from "react";
import { outputTail } from "../output-tail.js";
import type { ToolItem } from "../transcript-state.js";
import { wordWrap } from "../word-wrap.js";
import { DiffBlock } from "./DiffBlock.js";
import { Text } from "./SafeText.js";
import { SubagentLine } from "./SubagentLine.js";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** `⏺ name(args)`: with a spinner and elapsed seconds while running, then `⎿ summary`. */
export function ToolLine({ tool, now, width }: { tool: ToolItem; now?: () => number; width?: number }) {
  const running = tool.status === "running";
  const clock = now ?? Date.now;
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setTick((t) => t + 1), 100);
    return () => clearInterval(timer);
  }, [running]);
  const elapsed = Math.max(0, Math.floor((clock() - tool.startedAt) / 1000));
  const color = tool.status === "error" ? "red" : running ? "yellow" : "green";
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={color}>⏺ </Text>
        <Text bold>{tool.name}</Text>
        <Text>({tool.args})</Text>
        {running ? (
          <Text dimColor>
            {" "}
            {SPINNER[tick % SPINNER.length]} {elapsed}s
          </Text>
        ) : null}
      </Text>
      {running && tool.subagent ? <SubagentLine progress={tool.subagent} elapsed={elapsed} /> : null}
      {running ? null : (
        // A summary wider than the terminal wraps under itself, not at column 0.
        <Box width={width}>
          <Box flexShrink={0}>
            <Text dimColor={tool.status !== "error"}>{"  ⎿ "}</Text>
          </Box>
          <Box flexShrink={1}>
            <Text color={tool.status === "error" ? "red" : undefined} dimColor={tool.status !== "error"}>
              {width && tool.summary ? wordWrap(tool.summary, width - 4) : tool.summary}
            </Text>
          </Box>
        </Box>
      )}
      {!running && tool.diff && tool.diff.lines.length > 0 ? <DiffBlock diff={tool.diff} /> : null}
      {!running && tool.name === "bash" && !tool.diff && !tool.denied && tool.output ? (
        <CommandTail output={tool.output} failed={tool.status === "error"} />
      ) : null}
    </Box>
  );
}

/** The last lines of a command's output, indented under its result line; long lines are cut. */
function CommandTail({ output, failed }: { output: string; failed: boolean }) {
  const tail = outputTail(output, failed);
  if (tail.lines.length === 0) return null;
  return (
    <Box flexDirection="column" paddingLeft={4}>
      {tail.hidden > 0 ? (
        <Text dimColor>
          … {tail.hidden} earlier line{tail.hidden === 1 ? "" : "s"} (Ctrl+O to expand)
        </Text>
      ) : null}
      {tail.lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional and never reordered
        <Text key={i} dimColor wrap="truncate-end">
          {line === "" ? " " : line}
        </Text>
      ))}
    </Box>
  );
}
