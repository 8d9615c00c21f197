import { Box } from "ink";
import { Text } from "./SafeText.js";

export interface HeaderProps {
  version: string;
  model: string;
  workingDir: string;
  /** Undefined for a session with no message yet (it has no file, so no id worth showing). */
  sessionId?: string;
  /** `--resume`: the session is picked below, so this is not a new one (the header prints once). */
  resuming?: boolean;
}

/** One short block: who we are, which model, where, which session, and how to get help. */
export function Header({ version, model, workingDir, sessionId, resuming }: HeaderProps) {
  const which = sessionId ? `session ${sessionId}` : resuming ? "resuming a session" : "new session";
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>
        <Text bold color="cyan">
          agenix
        </Text>
        <Text dimColor> v{version}</Text>
        <Text> · {model}</Text>
      </Text>
      <Text dimColor>
        {workingDir} · {which} · /help for commands
      </Text>
    </Box>
  );
}
