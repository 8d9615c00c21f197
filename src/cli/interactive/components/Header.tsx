import { Box } from "ink";
import { Text } from "./SafeText.js";

export interface HeaderProps {
  version: string;
  model: string;
  workingDir: string;
  /** Undefined for a session with no message yet (it has no file, so no id worth showing). */
  sessionId?: string;
}

/** One short block: who we are, which model, where, which session, and how to get help. */
export function Header({ version, model, workingDir, sessionId }: HeaderProps) {
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
        {workingDir} · {sessionId ? `session ${sessionId}` : "new session"} · /help for commands
      </Text>
    </Box>
  );
}
