// A session that leaks two secrets in many places; shared by the redaction tests.
import type { SessionData } from "../../src/messages/types.js";

// Recognisable only where it follows AWS_SECRET_ACCESS_KEY= (40 chars of base64, no known prefix).
export const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8a3Lmn01";
// Recognisable only as a password flag.
export const DB_PASSWORD = "Tr0ub4dor3xQ";

export function leakySession(workingDir = "/home/ann/shop"): SessionData {
  const ts = "2024-01-01T12:00:00Z";
  return {
    id: "20240101_120000",
    working_dir: workingDir,
    model: "gpt-4o",
    created_at: ts,
    updated_at: ts,
    metadata: { name: `deploy with ${AWS_SECRET}`, tags: [DB_PASSWORD] },
    messages: [
      { role: "user", content: `My creds: AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, timestamp: ts },
      {
        role: "assistant",
        content: [{ type: "text", text: "Let me try them." }],
        tool_calls: [
          { id: "call_1", name: "bash", arguments: { command: `aws-login --key '${AWS_SECRET}' --verbose` } },
          { id: "call_2", name: "bash", arguments: { command: `mysql -u root -p${DB_PASSWORD} shop` } },
          { id: `call_${DB_PASSWORD}`, name: `tool_${DB_PASSWORD}`, arguments: { note: DB_PASSWORD } },
        ],
        model: "gpt-4o",
        timestamp: ts,
      },
      {
        role: "tool",
        tool_call_id: "call_1",
        name: "bash",
        content: `using ${AWS_SECRET}\nok`,
        is_error: false,
        timestamp: ts,
      },
      {
        role: "tool",
        tool_call_id: "call_2",
        name: "bash",
        content: `password ${DB_PASSWORD} accepted`,
        is_error: false,
        timestamp: ts,
      },
      {
        role: "tool",
        tool_call_id: `call_${DB_PASSWORD}`,
        name: `tool_${DB_PASSWORD}`,
        content: "done",
        is_error: false,
        timestamp: ts,
      },
      {
        role: "assistant",
        content: [{ type: "text", text: `Done. Your key ${AWS_SECRET} and password ${DB_PASSWORD} work.` }],
        model: "gpt-4o",
        timestamp: ts,
      },
    ],
  };
}
