// The approval box, shown under the tool line while a call waits for the user: what exactly will
// happen, as the tool declares it (the full command, the URL, a coloured diff or the new file's
// head), and the choices 1/y yes once, 2/a yes and remember the proposed rule, 3/n/Esc no (with an
// optional reason).
import { Box, useInput } from "ink";
import { useRef, useState } from "react";
import type { ApprovalAnswer, ApprovalRequest } from "../../../permissions/gate.js";
import { declaredTool } from "../../../tools/registry.js";
import { sanitizeForTerminal } from "../../sanitize.js";
import { Text } from "./SafeText.js";

const PREVIEW_LINES = 12;

export interface ApprovalBoxProps {
  request: ApprovalRequest;
  onAnswer(answer: ApprovalAnswer): void;
  /** Ctrl-C: interrupt the whole turn. */
  onInterrupt(): void;
}

export function ApprovalBox({ request, onAnswer, onInterrupt }: ApprovalBoxProps) {
  // Keys can arrive faster than React re-renders: the handler reads the latest reason from a ref.
  const [reason, setReasonState] = useState<string | undefined>(undefined);
  const current = useRef<string | undefined>(undefined);
  const setReason = (next: string | undefined) => {
    current.current = next;
    setReasonState(next);
  };
  const remember = request.decision.suggestions;
  useInput((input, key) => {
    if (key.ctrl && input === "c") return onInterrupt();
    const reason = current.current;
    if (reason !== undefined) {
      if (key.return) return onAnswer({ behavior: "deny", reason: reason.trim() || undefined });
      if (key.escape) return onAnswer({ behavior: "deny" });
      if (key.backspace || key.delete) return setReason(reason.slice(0, -1));
      if (!key.ctrl && !key.meta && input) {
        // The reason and its Enter can arrive in one chunk (fast typing, tmux): still an Enter.
        const typed = input.replace(/(?:\r\n?|\n)$/, "");
        const next = reason + typed.replace(/[\r\n]/g, " ");
        if (typed !== input) return onAnswer({ behavior: "deny", reason: next.trim() || undefined });
        setReason(next);
      }
      return;
    }
    if (key.escape) return onAnswer({ behavior: "deny" });
    const choice = input.toLowerCase();
    if (choice === "1" || choice === "y") return onAnswer({ behavior: "allow" });
    if ((choice === "2" || choice === "a") && remember.length > 0)
      return onAnswer({ behavior: "allow", remember: true });
    if (choice === "3" || choice === "n") setReason("");
  });

  const { call } = request;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text bold color="yellow">
        Allow {sanitizeForTerminal(call.name)}?{" "}
        <Text dimColor>({sanitizeForTerminal(request.decision.reason)})</Text>
      </Text>
      <Preview name={call.name} input={call.arguments ?? {}} />
      {reason === undefined ? (
        <Box flexDirection="column" marginTop={1}>
          <Text>
            <Text bold>1</Text>
            {"/y: Yes, once"}
          </Text>
          {remember.length > 0 ? (
            <Text>
              <Text bold>2</Text>
              {"/a: Yes, and don't ask again for "}
              <Text color="cyan">{remember.map(sanitizeForTerminal).join(", ")}</Text>
              <Text dimColor> (saved in ~/.agenix/approvals.json)</Text>
            </Text>
          ) : null}
          <Text>
            <Text bold>3</Text>
            {"/n/Esc: No"}
          </Text>
        </Box>
      ) : (
        <Box marginTop={1}>
          <Text>
            Reason for the model (optional, Enter to send, Esc to skip): {sanitizeForTerminal(reason)}
            <Text inverse> </Text>
          </Text>
        </Box>
      )}
    </Box>
  );
}

function Preview({ name, input }: { name: string; input: Record<string, unknown> }) {
  const shown = (text: string | undefined) => sanitizeForTerminal(text ?? "");
  const permission = declaredTool(name)?.permission;
  if (permission?.kind === "command") return <Text>$ {shown(permission.command(input))}</Text>;
  if (permission?.kind === "fetch") return <Text>GET {shown(permission.url(input))}</Text>;
  const change = permission?.kind === "write" ? permission.change?.(input) : undefined;
  const file = permission?.kind === "write" ? shown(permission.paths(input)[0]) : "";
  if (change?.oldText !== undefined) {
    return (
      <Box flexDirection="column">
        <Text bold>{file}</Text>
        {clip(shown(change.oldText)).map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a preview
          <Text key={`o${i}`} color="red">
            - {line}
          </Text>
        ))}
        {clip(shown(change.newText)).map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a preview
          <Text key={`n${i}`} color="green">
            + {line}
          </Text>
        ))}
      </Box>
    );
  }
  if (change) {
    // A file's final newline ends its last line; it does not start another.
    const body = shown(change.newText).replace(/\n$/, "");
    const count = body === "" ? 0 : body.split("\n").length;
    return (
      <Box flexDirection="column">
        <Text bold>
          {file}{" "}
          <Text dimColor>
            ({count} line{count === 1 ? "" : "s"})
          </Text>
        </Text>
        {clip(body).map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a preview
          <Text key={i} color="green">
            + {line}
          </Text>
        ))}
      </Box>
    );
  }
  return <Text>{sanitizeForTerminal(JSON.stringify(input)).slice(0, 400)}</Text>;
}

function clip(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length <= PREVIEW_LINES) return lines;
  return [...lines.slice(0, PREVIEW_LINES), `… ${lines.length - PREVIEW_LINES} more lines`];
}
