// The interactive app: holds the current session and the transcript, runs turns and slash commands.
// Rendering lives in components/, editing in input-buffer.ts, commands in commands.ts.
import { Box, useApp, useStdout } from "ink";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { ApprovalRequest } from "../../permissions/gate.js";
import { nextMode } from "../../permissions/modes.js";
import type { PermissionMode } from "../../permissions/types.js";
import type { SessionSummary } from "../../sessions/summary.js";
import { sanitizeForTerminal } from "../sanitize.js";
import type { ApprovalQueue } from "./approvals.js";
import { type CommandAction, type CommandContext, runCommand } from "./commands.js";
import { ApprovalBox } from "./components/ApprovalBox.js";
import { Header } from "./components/Header.js";
import { ModelPicker } from "./components/ModelPicker.js";
import { PromptInput } from "./components/PromptInput.js";
import { RewindPicker, type RewindScope } from "./components/RewindPicker.js";
import { SessionPicker } from "./components/SessionPicker.js";
import { type StatusInfo, StatusLine } from "./components/StatusLine.js";
import { TodoPanel, useTodos } from "./components/TodoPanel.js";
import { Transcript } from "./components/Transcript.js";
import { WaitingLine } from "./components/WaitingLine.js";
import { listProjectFiles } from "./file-mentions.js";
import { appendHistory, loadHistory } from "./history.js";
import { useIdleNotification } from "./idle-notification.js";
import { markdownReady } from "./markdown.js";
import type { ModelChoice, ServerModels } from "./model-command.js";
import {
  addItems,
  applyEvent,
  emptyTranscript,
  type Item,
  info,
  itemsForResume,
  type TranscriptState,
} from "./transcript-state.js";
import type { ChatSession, SessionSource } from "./types.js";
import { rewindFiles } from "./undo-commands.js";
import { runUserCommand, type UserCommandResult, withCommandOutput } from "./user-command.js";

/** Two Esc presses this close together clear the queued messages. */
const DOUBLE_ESC_MS = 1500;

export interface AppProps {
  version: string;
  /** The command sandbox for the status line: workspace-write, read-only or off. */
  sandbox?: string;
  initial: ChatSession;
  source: SessionSource;
  /** Where prompt history is kept (one file per working directory). */
  historyFile: string;
  /** Open the session picker at start (`agenix --resume`). */
  startWithPicker?: boolean;
  /** Items to show first (a loaded session's conversation, notices from opening). */
  initialItems?: Item[];
  /** Told about every session switch, so the exit line names the session in use. */
  onSessionChange?(session: ChatSession): void;
  /** Token total and cost text of a session, for the status line. */
  status(session: ChatSession): Promise<StatusInfo>;
  commandContext: Omit<CommandContext, "session" | "sessions">;
  /** Questions from the permission check, answered in the approval box. */
  approvals?: ApprovalQueue;
  /** Aborted on SIGTERM/SIGHUP: stop the running turn, then leave. */
  stop?: AbortSignal;
  /** The models a custom --base-url's server lists, for the /model picker. */
  serverModels?: () => Promise<ServerModels | undefined>;
}

type Mode =
  | { type: "prompt" }
  | { type: "busy" }
  | { type: "picker"; sessions: SessionSummary[]; title?: string }
  | { type: "model-picker"; choices: ModelChoice[] }
  | { type: "rewind" };

export function App(props: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [session, setSessionState] = useState(props.initial);
  const [transcript, setTranscript] = useState<TranscriptState>(() =>
    addItems(emptyTranscript, ...(props.initialItems ?? [])),
  );
  const [mode, setMode] = useState<Mode>({ type: "prompt" });
  const [epoch, setEpoch] = useState(0);
  const [hint, setHint] = useState<string | undefined>();
  // Text put back in the prompt (after /rewind); the nonce makes the same text apply twice.
  const [prefill, setPrefill] = useState<{ text: string; nonce: number } | undefined>();
  const [history, setHistory] = useState(() => loadHistory(props.historyFile));
  const [status, setStatus] = useState<StatusInfo>({ model: props.initial.model, tokens: 0 });
  const todos = useTodos(() => props.initial.getMessages());
  const [approval, setApproval] = useState<ApprovalRequest | undefined>(undefined);
  const [permissionMode, setPermissionMode] = useState<PermissionMode | undefined>(
    props.initial.permissions?.mode,
  );
  const abort = useRef<AbortController | null>(null);
  // Messages typed while a turn runs, sent in order when it ends (not after an interrupt).
  const [queue, setQueueState] = useState<string[]>([]);
  const queueRef = useRef<string[]>([]);
  const setQueue = (next: string[]) => {
    queueRef.current = next;
    setQueueState(next);
  };
  const busyRef = useRef(false);
  const lastEscape = useRef(0);
  // Set while "Esc again to clear" is showing: the next Esc clears the queue, however late.
  const escapeArmed = useRef(false);
  // The running turn, for the waiting line: when it started, output tokens of finished messages, phase.
  const [turn, setTurn] = useState<{ startedAt: number; tokens: number; afterTool: boolean } | null>(null);
  // `!command` outputs not yet sent: attached to the next message.
  const ranCommands = useRef<UserCommandResult[]>([]);
  // Project files for `@` completion, listed once in the background.
  const files = useRef<string[]>([]);
  const filesListed = useRef<Promise<void> | null>(null);
  const listFiles = () => {
    filesListed.current ??= listProjectFiles(props.initial.workingDir).then(
      (list) => {
        files.current = list;
      },
      () => {},
    );
    return filesListed.current;
  };
  const exitArmed = useRef(false);
  const stopping = useRef(false);
  const sessionRef = useRef(session);
  const notifyIdle = useCallback(() => sessionRef.current.inputIdle?.(), []);
  useIdleNotification(mode.type === "prompt", notifyIdle);
  // Ids for Tab completion after `/load `: read once the prompt is up, refreshed after every turn.
  const sessionIds = useRef<string[]>([]);
  const refreshSessionIds = () => {
    props.source.list().then(
      (list) => {
        sessionIds.current = list.map((s) => s.id);
      },
      () => {},
    );
  };
  // The session object is mutated in place (its id appears with its file, /new clears it): re-render on demand.
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  const show = (...items: Item[]) => setTranscript((t) => addItems(t, ...items));
  const refreshStatus = useCallback(
    (s: ChatSession) => {
      props.status(s).then(setStatus, () => setStatus({ model: s.model, tokens: 0 }));
    },
    [props.status],
  );

  const switchSession = (next: ChatSession) => {
    todos.reset(next.getMessages());
    // The mode chosen with Shift+Tab stays when another session is loaded.
    const mode = sessionRef.current.permissions?.mode;
    if (mode && next.permissions && next !== sessionRef.current) next.permissions.setMode(mode);
    sessionRef.current = next;
    setSessionState(next);
    rerender();
    props.onSessionChange?.(next);
    refreshStatus(next);
  };

  useEffect(() => {
    const queue = props.approvals;
    if (!queue) return;
    return queue.subscribe(() => setApproval(queue.current()));
  }, [props.approvals]);

  const cycleMode = () => {
    const permissions = sessionRef.current.permissions;
    if (!permissions) return;
    permissions.setMode(nextMode(permissions.mode, props.sandbox !== undefined && props.sandbox !== "off"));
    setPermissionMode(permissions.mode);
  };
  // A stop signal: abort the running turn (its end then exits) or exit at once when idle.
  // biome-ignore lint/correctness/useExhaustiveDependencies: subscribes once at mount
  useEffect(() => {
    const stop = props.stop;
    if (!stop) return;
    const onStop = () => {
      stopping.current = true;
      if (abort.current) abort.current.abort();
      else exit();
    };
    if (stop.aborted) onStop();
    else stop.addEventListener("abort", onStop, { once: true });
    return () => stop.removeEventListener("abort", onStop);
  }, []);

  // Mount-time only: the picker for --resume and the first status line.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once at mount
  useEffect(() => {
    refreshStatus(props.initial);
    setTimeout(listFiles, 300);
    if (props.startWithPicker) openPicker();
    else setTimeout(refreshSessionIds, 200); // after the prompt is up and the first keys are handled
  }, []);

  const openPicker = (found?: SessionSummary[], title?: string) => {
    if (found) return setMode({ type: "picker", sessions: found, title });
    props.source.list().then(
      (sessions) => {
        sessionIds.current = sessions.map((s) => s.id);
        setMode({ type: "picker", sessions });
      },
      (error) => show(info(`Error: ${(error as Error).message}`, "error")),
    );
  };

  const loadSession = async (id: string) => {
    if (id === sessionRef.current.id) {
      show(info(`Session ${id} is already open.`, "info"));
      return;
    }
    try {
      const next = await props.source.open(id);
      await sessionRef.current.close();
      switchSession(next);
      await markdownReady();
      show(info("Session loaded", "info"), info(`• ${next.id} - ${next.getData().created_at}`, "dim"));
      show(...itemsForResume(next.getData()));
    } catch (error) {
      show(info(`Error: ${(error as Error).message}`, "error"));
    }
  };

  /** `typed`: the command line the user typed (a custom command's own text attaches nothing). */
  const carryOut = async (action: CommandAction, typed: string) => {
    const current = sessionRef.current;
    switch (action.type) {
      case "quit":
        return exit();
      case "picker":
        return openPicker(action.sessions, action.title);
      case "model-picker": {
        const { modelChoices } = await import("./model-command.js");
        const server = await props.serverModels?.();
        return setMode({ type: "model-picker", choices: await modelChoices(current.model, server) });
      }
      case "rewind":
        return setMode({ type: "rewind" });
      case "prompt":
        return runTurn(action.text, action.model, typed);
      case "load":
        return loadSession(action.id);
      case "new": {
        const previous = current.id;
        await current.clearMessages();
        switchSession(current);
        return show(
          info(
            `New session started.${previous ? ` The previous one is kept: agenix --session ${previous}` : ""}`,
          ),
        );
      }
      case "clear": {
        const previous = current.id;
        await current.clearMessages();
        // Static output cannot be taken back: clear the terminal, then restart <Static> empty.
        stdout.write("\x1b[2J\x1b[3J\x1b[H");
        setEpoch((e) => e + 1);
        setTranscript(
          addItems(
            emptyTranscript,
            info(
              previous
                ? `Conversation cleared (screen and memory). Nothing was deleted: the previous session is kept (agenix --session ${previous}); new messages go to a new session file.`
                : "Conversation cleared (screen and memory). New messages go to a new session file.",
            ),
          ),
        );
        return switchSession(current);
      }
    }
  };

  const setBusy = (busy: boolean) => {
    busyRef.current = busy;
    setMode(busy ? { type: "busy" } : { type: "prompt" });
  };

  /** After a turn or command: the next queued message, unless the user interrupted. */
  const sendNextQueued = () => {
    const [next, ...rest] = queueRef.current;
    if (next === undefined) return;
    setQueue(rest);
    submitNow(next);
  };

  /** `typed`: what the user typed; only its @mentions attach files (default: all of `text`). */
  const runTurn = async (text: string, model?: string, typed: string = text) => {
    const current = sessionRef.current;
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    setTurn({ startedAt: Date.now(), tokens: 0, afterTool: false });
    // Loads while the model thinks; a finished answer waits for it so it is printed rendered.
    const markdown = markdownReady();
    try {
      const { prepareUserInput } = await import("../attach/prepare-input.js");
      const permissions = current.permissions;
      const prepared = await prepareUserInput(text, current.workingDir, current.model, {
        pastedImages: true,
        typed,
        checkRead: permissions?.decide
          ? (file) => permissions.decide!("read", { file_path: file })
          : undefined,
        onNotice: (line) => show(info(line, "warning")),
      });
      const input = withCommandOutput(prepared, ranCommands.current);
      ranCommands.current = [];
      for await (const event of current.stream(input, { signal: controller.signal, model })) {
        if (event.type === "message" && event.message.role === "assistant") {
          const done = event.message.usage?.completion_tokens ?? 0;
          setTurn((t) => (t ? { ...t, tokens: t.tokens + done } : t));
          await markdown;
        }
        if (event.type === "tool_result") setTurn((t) => (t ? { ...t, afterTool: true } : t));
        if (event.type === "message" && event.message.role === "user" && event.message.attachments?.length) {
          const names = event.message.attachments.map((a) => a.path ?? `!${a.command ?? ""}`);
          show(info(`  ⎿ attached: ${names.join(", ")}`, "dim"));
        }
        setTranscript((t) => applyEvent(t, event));
        todos.onEvent(event);
        if (event.type === "message" && event.message.role === "user" && current.id) {
          // The file now exists: the header shows its id from here on.
          rerender();
          props.onSessionChange?.(current);
        }
      }
    } catch (error) {
      show(info(`Error: ${(error as Error).message}`, "error"));
    } finally {
      abort.current = null;
      setTurn(null);
      setBusy(false);
      if (stopping.current) exit();
      refreshStatus(current);
      refreshSessionIds();
      if (controller.signal.aborted && queueRef.current.length > 0) {
        const n = queueRef.current.length;
        escapeArmed.current = true;
        setHint(
          `${n} queued · Enter on an empty prompt sends · Esc again to clear ${n} queued ${n === 1 ? "message" : "messages"}`,
        );
      } else sendNextQueued();
    }
  };

  const runShell = async (command: string) => {
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    show(info(`! ${command}`, "dim"));
    try {
      // The user's own action, checked against the current session's rules (after /load too).
      const session = sessionRef.current;
      const decide = session.permissions?.decide?.bind(session.permissions);
      const result = await runUserCommand(
        command,
        session.workingDir,
        controller.signal,
        decide,
        session.sandbox,
      );
      ranCommands.current.push(result);
      await sessionRef.current.snapshot?.("!command").catch(() => {}); // a failed snapshot warns itself
      const lines = sanitizeForTerminal(result.output).replace(/\n$/, "").split("\n");
      const shown = lines.length > 20 ? [...lines.slice(0, 20), `… ${lines.length - 20} more lines`] : lines;
      show(
        info(shown.map((l) => `  ${l}`).join("\n"), result.isError ? "error" : undefined),
        info("  ⎿ output added as context to your next message", "dim"),
      );
    } finally {
      abort.current = null;
      setBusy(false);
      if (stopping.current) exit();
      else sendNextQueued();
    }
  };

  const onSubmit = (text: string) => {
    exitArmed.current = false;
    setHint(undefined);
    setHistory((h) => appendHistory(props.historyFile, text, h));
    if (busyRef.current) {
      setQueue([...queueRef.current, text]);
      return;
    }
    submitNow(text);
  };

  const submitNow = (text: string) => {
    const shell = /^!\s*(.+)$/s.exec(text.trim());
    if (shell) return void runShell(shell[1]!);
    if (/^\/(?!\/)/.test(text.trim())) {
      show(info(`> ${text.trim()}`, "dim"));
      setBusy(true);
      const ctx: CommandContext = {
        ...props.commandContext,
        session: sessionRef.current,
        sessions: props.source,
        notify: (line, tone) => show(info(line, tone)),
      };
      runCommand(text, ctx)
        .then(async (result) => {
          if (result.output) show(info(result.output, result.tone));
          if (result.action) await carryOut(result.action, text);
          setPermissionMode(sessionRef.current.permissions?.mode);
          refreshStatus(sessionRef.current);
        })
        .catch((error) => show(info(`Error: ${(error as Error).message}`, "error")))
        .finally(() => {
          busyRef.current = false;
          setMode((m) => (m.type === "busy" ? { type: "prompt" } : m));
          sendNextQueued();
        });
      return;
    }
    show({ kind: "user", text });
    void runTurn(text);
  };

  const onEscape = () => {
    const now = Date.now();
    const double = escapeArmed.current || now - lastEscape.current < DOUBLE_ESC_MS;
    lastEscape.current = now;
    if (busyRef.current) abort.current?.abort();
    const waiting = queueRef.current.length;
    if (waiting === 0) return;
    if (double) {
      escapeArmed.current = false;
      setQueue([]);
      setHint(undefined);
      show(info(`Queue cleared (${waiting} ${waiting === 1 ? "message" : "messages"} not sent).`, "dim"));
    } else {
      escapeArmed.current = true;
      setHint(`Esc again to clear ${waiting} queued ${waiting === 1 ? "message" : "messages"}`);
    }
  };

  const onExitKey = (key: "ctrl-c" | "ctrl-d") => {
    if (key === "ctrl-d" || exitArmed.current) return exit();
    exitArmed.current = true;
    setHint("Press Ctrl-C again to exit");
  };

  const onExpand = () => {
    const last = [...transcript.items].reverse().find((item) => item.kind === "tool");
    if (last?.kind !== "tool") return show(info("No tool output yet.", "dim"));
    if (last.diff)
      return show({ kind: "diff", title: `⎿ ${last.name}(${last.args}) diff:`, diff: last.diff });
    const lines = (last.output ?? "").split("\n");
    const shown = lines.length > 400 ? [...lines.slice(0, 400), `… ${lines.length - 400} more lines`] : lines;
    show(info(`⎿ ${last.name}(${last.args}) output:`, "dim"), info(shown.join("\n")));
  };

  const rewindTo = async (index: number, text: string, scope: RewindScope) => {
    setBusy(true);
    try {
      const history = props.commandContext.history;
      if (!history) throw new Error("History commands are not available.");
      const current = sessionRef.current;
      if (scope !== "conversation") {
        const restored = await rewindFiles(current, index);
        show(info(restored.text, restored.tone));
        if (restored.tone !== undefined || scope === "files") return;
      }
      if (index === 0) {
        // Nothing comes before the first message: a copy would be an empty session file.
        const previous = current.id;
        await current.clearMessages();
        switchSession(current);
        show(
          info(`Rewound to the start: a new session (the original is kept: agenix --session ${previous}).`),
        );
        setPrefill({ text, nonce: Date.now() });
        return;
      }
      const id = await history.fork(current, index);
      show(
        info(
          `Rewound: continuing in ${id}, a copy of ${current.id} before message #${index} (the original is kept).`,
        ),
      );
      await loadSession(id);
      setPrefill({ text, nonce: Date.now() });
    } catch (error) {
      show(info(`Error: ${(error as Error).message}`, "error"));
    } finally {
      setBusy(false);
      sendNextQueued();
    }
  };

  const busy = mode.type === "busy";
  return (
    <Box flexDirection="column">
      <Transcript
        state={transcript}
        width={stdout.columns || 80}
        liveLines={Math.max(3, (stdout.rows || 24) - 8)}
        epoch={epoch}
        header={
          <Header
            version={props.version}
            model={session.model}
            workingDir={session.workingDir}
            sessionId={session.id}
            resuming={props.startWithPicker}
          />
        }
      />
      {approval ? (
        <ApprovalBox
          key={approval.call.id}
          request={approval}
          onAnswer={(answer) => props.approvals?.answer(answer)}
          onInterrupt={() => abort.current?.abort()}
        />
      ) : null}
      {mode.type === "picker" ? (
        <SessionPicker
          sessions={mode.sessions}
          title={mode.title}
          width={stdout.columns || 80}
          height={Math.max(3, Math.min(15, (stdout.rows || 24) - 8))}
          onCancel={() => setMode({ type: "prompt" })}
          onSelect={(id) => {
            setMode({ type: "prompt" });
            void loadSession(id);
          }}
        />
      ) : null}
      {mode.type === "model-picker" ? (
        <ModelPicker
          choices={mode.choices}
          height={Math.max(3, Math.min(15, (stdout.rows || 24) - 8))}
          onCancel={() => setMode({ type: "prompt" })}
          onSelect={(id) => {
            setMode({ type: "prompt" });
            submitNow(`/model ${id}`);
          }}
        />
      ) : null}
      {mode.type === "rewind" ? (
        <RewindPicker
          messages={session.getMessages()}
          width={stdout.columns || 80}
          height={Math.max(3, Math.min(15, (stdout.rows || 24) - 8))}
          onCancel={() => setMode({ type: "prompt" })}
          onSelect={(index, text, scope) => void rewindTo(index, text, scope)}
        />
      ) : null}
      {turn && !approval && transcript.running.length === 0 ? (
        <Box marginTop={1}>
          <WaitingLine
            startedAt={turn.startedAt}
            verb={transcript.streaming ? "Writing" : turn.afterTool ? "Working" : "Thinking"}
            tokens={turn.tokens + Math.ceil(transcript.streaming.length / 4)}
          />
        </Box>
      ) : null}
      {turn && !approval ? <TodoPanel items={todos.items} /> : null}
      <Box marginTop={1} flexDirection="column">
        <PromptInput
          active={
            mode.type !== "picker" && mode.type !== "model-picker" && mode.type !== "rewind" && !approval
          }
          prefill={prefill}
          busy={busy}
          history={history}
          onSubmit={onSubmit}
          onInterrupt={() => abort.current?.abort()}
          onEscape={onEscape}
          queued={queue}
          takeQueued={() => {
            const last = queueRef.current.at(-1);
            if (last !== undefined) setQueue(queueRef.current.slice(0, -1));
            return last;
          }}
          files={() => files.current}
          filesListed={listFiles}
          onEmptyEnter={() => {
            if (!busyRef.current) sendNextQueued();
          }}
          onExitKey={onExitKey}
          onExpand={onExpand}
          onCycleMode={cycleMode}
          sessionIds={() => sessionIds.current}
          commandNames={() => props.commandContext.extra?.list().map((c) => c.name) ?? []}
          onActivity={() => {
            escapeArmed.current = false;
            if (!exitArmed.current) return;
            exitArmed.current = false;
            setHint(undefined);
          }}
        />
        <StatusLine
          status={{
            ...status,
            model: session.model,
            sessionId: session.id,
            mode: permissionMode,
            sandbox: props.sandbox,
          }}
          hint={
            hint ??
            (approval
              ? "waiting for your answer · Ctrl-C to interrupt"
              : busy
                ? "Esc to interrupt"
                : undefined)
          }
          width={stdout.columns || 80}
        />
      </Box>
    </Box>
  );
}
