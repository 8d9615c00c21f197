// One user message of print mode to its answer: custom commands and skills (`/name args`) are
// resolved first, attachments prepared, the events rendered, and the result printed per the output
// format (text, json, stream-json). Returns the message's exit code.
import type { AgentSession } from "../../agent/agent-session.js";
import type { Customization } from "../../customize.js";
import { BudgetExceededError, type ProviderError } from "../../errors.js";
import type { AssistantMessage } from "../../messages/types.js";
import { resolveSlashInput } from "../../run/slash-input.js";
import { prepareUserInput } from "../attach/prepare-input.js";
import type { Settings } from "../cli-settings.js";
import { deniedJson } from "../denial-line.js";
import { EXIT } from "../exit-codes.js";
import { writeJson, writeOut } from "../output.js";
import { reportError } from "../run-guarded.js";
import { eventToJson, type RunResult, runCost } from "./json-output.js";
import type { PrintRenderer } from "./renderer.js";

type OpenSession = AgentSession;

export async function runOneMessage(
  settings: Settings,
  session: OpenSession,
  message: string,
  renderer: PrintRenderer,
  signal: AbortSignal,
  custom: Customization,
  /** Reported in the JSON result: the sandbox and the permission mode of the run. */
  runInfo: { sandbox?: string; permission_mode?: string } = {},
  /** What the user typed (the message words, not piped stdin): only its @mentions are attached. */
  typed: string = message,
): Promise<number> {
  const slash = await resolveSlashInput(message, custom);
  if (slash?.type === "output") {
    if (slash.error) {
      renderer.writeErr(`Error: ${slash.error}`);
      return EXIT.error;
    }
    if (slash.text) writeOut(`${slash.text}\n`);
    return EXIT.ok;
  }
  const text = slash?.text ?? message;
  const started = performance.now();
  const streamJson = settings.outputFormat === "stream-json";
  let stopReason = "end";
  let finalText = "";
  let failure: ProviderError | undefined;
  let turns = 0;
  const answers: AssistantMessage[] = [];
  const usageBefore = { ...renderer.usage };
  const deniedBefore = renderer.denied.length;
  const permissions = session.permissions;
  const input = await prepareUserInput(text, session.workingDir, session.model, {
    typed,
    checkRead: permissions ? (file) => permissions.decide("read", { file_path: file }) : undefined,
    onNotice: (line) => renderer.writeErr(`Warning: ${line}`),
  });
  for await (const event of session.stream(input, { signal, model: slash?.model })) {
    renderer.handle(event);
    if (streamJson) writeJson(eventToJson(event), 0);
    if (event.type === "error") failure = event.error;
    if (event.type === "turn_end") turns++;
    if (event.type === "message" && event.message.role === "assistant") answers.push(event.message);
    if (event.type === "agent_end") {
      stopReason = event.stopReason;
      finalText = event.finalText;
    }
  }
  const denied = renderer.denied.slice(deniedBefore);
  const id = session.id;
  if (settings.outputFormat !== "text") {
    const usage = {
      prompt_tokens: renderer.usage.prompt_tokens - usageBefore.prompt_tokens,
      completion_tokens: renderer.usage.completion_tokens - usageBefore.completion_tokens,
      total_tokens: renderer.usage.total_tokens - usageBefore.total_tokens,
    };
    const result: RunResult = {
      session_id: id ?? null,
      response: finalText,
      usage,
      stop_reason: stopReason,
      denied: denied.map(deniedJson),
      cost_usd: await runCost(session.model, answers),
      duration_ms: Math.round(performance.now() - started),
      num_turns: turns || answers.length,
      model: session.model,
      ...runInfo,
    };
    if (failure) result.error = failure.message;
    writeJson(streamJson ? { type: "result", ...result } : result, 0);
  }
  if (stopReason === "max_turns") {
    renderer.writeErr(
      `Warning: stopped after ${settings.maxTurns} turns (the --max-turns limit) with the task possibly unfinished. ` +
        `Continue with: agenix --session ${id ?? "<id>"} "continue", or raise --max-turns.`,
    );
  }
  if (failure instanceof BudgetExceededError) {
    // Not an error of the run: the limit the user set was reached.
    renderer.writeErr(failure.message);
    return EXIT.budget;
  }
  if (failure) return reportError(failure);
  if (stopReason === "aborted") return EXIT.interrupted;
  if (stopReason === "max_turns") return EXIT.maxTurns;
  if (stopReason === "blocked") return EXIT.denied;
  return settings.strictPermissions && denied.length > 0 ? EXIT.denied : EXIT.ok;
}
