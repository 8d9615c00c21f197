import { Box, Static } from "ink";
import type { ReactNode } from "react";
import { renderMarkdown } from "../markdown.js";
import { visibleTail } from "../streaming-blocks.js";
import type { KeyedItem, TranscriptState } from "../transcript-state.js";
import { wordWrap } from "../word-wrap.js";
import { DiffBlock } from "./DiffBlock.js";
import { RenderedText, Text } from "./SafeText.js";
import { ToolLine } from "./ToolLine.js";

type HeaderItem = { kind: "header"; key: number };

const TONE_COLOR = { info: undefined, warning: "yellow", error: "red", dim: undefined } as const;

function ItemView({ item, width }: { item: KeyedItem; width: number }) {
  switch (item.kind) {
    case "user":
      return (
        <Box marginTop={1} flexDirection="column">
          <Box>
            <Text color="cyan" bold>
              {"> "}
            </Text>
            <Text>{item.text}</Text>
          </Box>
          {item.attached ? <Text dimColor>{`  ⎿ attached: ${item.attached.join(", ")}`}</Text> : null}
        </Box>
      );
    case "diff":
      return (
        <Box flexDirection="column">
          <Text dimColor>{item.title}</Text>
          <DiffBlock diff={item.diff} full />
        </Box>
      );
    case "assistant":
      return (
        <Box marginTop={1}>
          <RenderedText>{renderMarkdown(item.text, width)}</RenderedText>
        </Box>
      );
    case "tool":
      return <ToolLine tool={item} width={width} />;
    case "info":
      return <InfoText text={item.text} tone={item.tone} width={width} />;
  }
}

// `  /load [id]   load a session`: the part up to the description, whose column wrapped lines keep.
const HANGING = /^(\s+\S+(?: \S+)*? {2,}|\s+)(\S.*)$/;

/**
 * An info item, each line wrapped at word boundaries with its continuation lines indented. The
 * width is explicit: <Static> lays its items out unconstrained, so a row of two boxes would grow
 * past the terminal and wrap at column 0 there.
 */
function InfoText({ text, tone, width }: { text: string; tone?: keyof typeof TONE_COLOR; width: number }) {
  const color = tone ? TONE_COLOR[tone] : undefined;
  const dim = tone === "dim";
  if (!text.includes("\n") && !/^\s/.test(text))
    return (
      <Text color={color} dimColor={dim}>
        {text}
      </Text>
    );
  return (
    <Box flexDirection="column" width={width}>
      {text.split("\n").map((line, i) => {
        const hanging = HANGING.exec(line);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of one finished item, never reordered
          <Box key={i}>
            {hanging ? (
              <Box flexShrink={0}>
                <Text color={color} dimColor={dim}>
                  {hanging[1]}
                </Text>
              </Box>
            ) : null}
            <Box flexShrink={1}>
              <Text color={color} dimColor={dim}>
                {hanging ? wordWrap(hanging[2]!, width - hanging[1]!.length) : line === "" ? " " : line}
              </Text>
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}

/**
 * Finished items go through <Static>: Ink prints them once and never re-renders them, so a long
 * session costs nothing per keystroke. Only the unfinished tail of a streaming answer (its last
 * `liveLines` lines; finished blocks are items already) and running tools are redrawn.
 */
export function Transcript({
  state,
  width,
  epoch,
  header,
  liveLines = 20,
}: {
  state: TranscriptState;
  width: number;
  epoch: number;
  /** Printed once above everything (again after /clear). */
  header?: ReactNode;
  /** How many lines of the streaming tail to show (the terminal's height minus the prompt). */
  liveLines?: number;
}) {
  const items: (KeyedItem | HeaderItem)[] = header
    ? [{ kind: "header", key: -1 }, ...state.items]
    : state.items;
  return (
    <>
      <Static key={epoch} items={items}>
        {(item) =>
          item.kind === "header" ? (
            <Box key="header">{header}</Box>
          ) : (
            <ItemView key={item.key} item={item} width={width} />
          )
        }
      </Static>
      {state.streaming ? (
        <Box marginTop={1}>
          <Text>{visibleTail(state.streaming, liveLines, Math.max(width, 20))}</Text>
        </Box>
      ) : null}
      {state.running.map((tool) => (
        <ToolLine key={tool.id} tool={tool} width={width} />
      ))}
    </>
  );
}
