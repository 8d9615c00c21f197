// The prompt as a view: the keys go to a PromptController (prompt-controller.ts), which edits,
// completes and hands Enter, Esc and the control keys to the app; this renders its state.
import { Box, useInput } from "ink";
import { useEffect, useRef, useState } from "react";
import type { InputBuffer } from "../input-buffer.js";
import { PromptController, type PromptOptions } from "../prompt-controller.js";
import { useStore } from "../use-store.js";
import { Text } from "./SafeText.js";

/** Lines of the prompt shown at most: a huge paste stays editable without redrawing all of it. */
const MAX_VISIBLE_LINES = 12;

export type PromptInputProps = PromptOptions;

export function PromptInput(props: PromptInputProps) {
  // The controller reads the latest props at every key: a picker opening takes the keys at once
  // (Ink moves its listeners in effects, after the render; keys arriving in between must not land here).
  const latest = useRef(props);
  latest.current = props;
  const [prompt] = useState(() => new PromptController(() => latest.current));
  const { buffer, candidates } = useStore(prompt);
  // biome-ignore lint/correctness/useExhaustiveDependencies: applies once per prefill nonce
  useEffect(() => {
    if (props.prefill) prompt.fill(props.prefill.text);
  }, [props.prefill?.nonce]);

  useInput(prompt.handle, { isActive: props.active });

  return (
    <Box flexDirection="column">
      <PromptText buffer={buffer} showCursor={props.active} />
      {props.queued?.map((q, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: queued messages may repeat; position is identity
        <Text key={i} dimColor wrap="truncate-end">
          {"  ⧗ "}
          {q.replace(/\s+/g, " ")}
        </Text>
      ))}
      {candidates.length > 0 ? <Text dimColor>{candidates.join("  ")}</Text> : null}
    </Box>
  );
}

/** The text with an inverse-video cursor; long input shows only the lines around the cursor. */
export function PromptText({ buffer, showCursor }: { buffer: InputBuffer; showCursor: boolean }) {
  const marked = `${buffer.text.slice(0, buffer.cursor)}\u0000${buffer.text.slice(buffer.cursor)}`;
  const lines = marked.split("\n");
  const cursorLine = lines.findIndex((l) => l.includes("\u0000"));
  const first = Math.max(0, Math.min(cursorLine - MAX_VISIBLE_LINES + 1, lines.length - MAX_VISIBLE_LINES));
  const shown = lines.slice(first, first + MAX_VISIBLE_LINES);
  return (
    <Box flexDirection="column">
      {first > 0 ? <Text dimColor>… {first} more lines above</Text> : null}
      {shown.map((line, i) => {
        const [left, right] = line.split("\u0000");
        const under = right ? String.fromCodePoint(right.codePointAt(0)!) : "";
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their position
          <Text key={i}>
            <Text color="cyan" bold>
              {first + i === 0 ? "> " : "  "}
            </Text>
            {left}
            {right === undefined ? null : (
              <>
                {showCursor ? <Text inverse>{under || " "}</Text> : under}
                {right.slice(under.length)}
              </>
            )}
          </Text>
        );
      })}
      {first + MAX_VISIBLE_LINES < lines.length ? (
        <Text dimColor>… {lines.length - first - MAX_VISIBLE_LINES} more lines below</Text>
      ) : null}
    </Box>
  );
}
