// A yes/no question in a box, like the approval box: the question, what it concerns (file names),
// and y for yes; n, Esc, Enter and Ctrl-C all answer no, so a stray key never says yes.
import { Box, useInput } from "ink";
import { sanitizeForTerminal } from "../../sanitize.js";
import type { Confirmation } from "../confirmations.js";
import { Text } from "./SafeText.js";

const SHOWN_ITEMS = 15;

export interface ConfirmBoxProps {
  question: Confirmation;
  onAnswer(yes: boolean): void;
}

export function ConfirmBox({ question, onAnswer }: ConfirmBoxProps) {
  useInput((input, key) => {
    if (key.ctrl && input === "c") return onAnswer(false);
    if (key.escape || key.return) return onAnswer(false);
    const choice = input.toLowerCase();
    if (choice === "y") return onAnswer(true);
    if (choice === "n") return onAnswer(false);
  });
  const shown = question.items.slice(0, SHOWN_ITEMS);
  const more = question.items.length - shown.length;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text bold color="yellow">
        {sanitizeForTerminal(question.title)}
      </Text>
      {shown.map((item) => (
        <Text key={item}> {sanitizeForTerminal(JSON.stringify(item).slice(1, -1))}</Text>
      ))}
      {more > 0 ? <Text dimColor> … and {more} more</Text> : null}
      <Box flexDirection="column" marginTop={1}>
        <Text>
          <Text bold>y</Text>: Yes, {question.yes}
        </Text>
        <Text>
          <Text bold>n</Text>/Enter/Esc: No, {question.no} <Text dimColor>(default)</Text>
        </Text>
      </Box>
    </Box>
  );
}
