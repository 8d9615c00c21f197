// The interactive app as a view: an AppController (app-controller.ts) holds the session, the
// transcript, the queue and the pickers and runs turns and commands; this renders its state and
// hands it the user's actions. Rendering of each part lives in components/.
import { Box, useApp, useStdout } from "ink";
import { useEffect, useState } from "react";
import { AppController, type AppOptions } from "./app-controller.js";
import { ApprovalBox } from "./components/ApprovalBox.js";
import { ConfirmBox } from "./components/ConfirmBox.js";
import { Header } from "./components/Header.js";
import { ModelPicker } from "./components/ModelPicker.js";
import { PromptInput } from "./components/PromptInput.js";
import { RewindPicker } from "./components/RewindPicker.js";
import { SessionPicker } from "./components/SessionPicker.js";
import { StatusLine } from "./components/StatusLine.js";
import { TodoPanel } from "./components/TodoPanel.js";
import { Transcript } from "./components/Transcript.js";
import { WaitingLine } from "./components/WaitingLine.js";
import { useIdleNotification } from "./idle-notification.js";
import { useStore } from "./use-store.js";

export interface AppProps extends AppOptions {
  version: string;
}

export function App(props: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [app] = useState(
    () => new AppController(props, { exit, clearScreen: () => stdout.write("\x1b[2J\x1b[3J\x1b[H") }),
  );
  const {
    session,
    transcript,
    mode,
    epoch,
    hint,
    prefill,
    history,
    status,
    approval,
    confirmation,
    permissionMode,
    queue,
    turn,
    todos,
  } = useStore(app);
  useIdleNotification(mode.type === "prompt", app.notifyIdle);
  useEffect(() => app.start(), [app]);

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
          onAnswer={app.answerApproval}
          onInterrupt={app.interrupt}
        />
      ) : null}
      {confirmation ? <ConfirmBox question={confirmation} onAnswer={app.answerConfirmation} /> : null}
      {mode.type === "picker" ? (
        <SessionPicker
          sessions={mode.sessions}
          title={mode.title}
          width={stdout.columns || 80}
          height={Math.max(3, Math.min(15, (stdout.rows || 24) - 8))}
          onCancel={app.closePicker}
          onSelect={app.pickSession}
        />
      ) : null}
      {mode.type === "model-picker" ? (
        <ModelPicker
          choices={mode.choices}
          height={Math.max(3, Math.min(15, (stdout.rows || 24) - 8))}
          onCancel={app.closePicker}
          onSelect={app.pickModel}
        />
      ) : null}
      {mode.type === "rewind" ? (
        <RewindPicker
          messages={session.getMessages()}
          width={stdout.columns || 80}
          height={Math.max(3, Math.min(15, (stdout.rows || 24) - 8))}
          onCancel={app.closePicker}
          onSelect={(index, text, scope) => void app.rewindTo(index, text, scope)}
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
      {turn && !approval ? <TodoPanel items={todos} /> : null}
      <Box marginTop={1} flexDirection="column">
        <PromptInput
          active={
            mode.type !== "picker" &&
            mode.type !== "model-picker" &&
            mode.type !== "rewind" &&
            !approval &&
            !confirmation
          }
          prefill={prefill}
          busy={busy}
          history={history}
          onSubmit={app.submit}
          onInterrupt={app.interrupt}
          onEscape={app.escape}
          queued={queue}
          takeQueued={app.takeQueued}
          files={app.fileList}
          filesListed={app.listFiles}
          onEmptyEnter={app.emptyEnter}
          onExitKey={app.exitKey}
          onExpand={app.expand}
          onCycleMode={app.cycleMode}
          sessionIds={app.sessionIds}
          commandNames={app.commandNames}
          onActivity={app.activity}
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
            (approval || confirmation
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
