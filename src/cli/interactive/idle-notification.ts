// Claude Code's idle notification: once an answer is shown and the prompt has waited 60 seconds,
// Notification hooks hear "waiting for your input" (once per wait). Not before the first answer.
import { useEffect, useRef } from "react";

export const IDLE_NOTIFY_MS = 60_000;

export function useIdleNotification(waiting: boolean, notify: () => void, ms = IDLE_NOTIFY_MS): void {
  const answered = useRef(false);
  useEffect(() => {
    if (!waiting) {
      answered.current = true;
      return;
    }
    if (!answered.current) return;
    const timer = setTimeout(notify, ms);
    return () => clearTimeout(timer);
  }, [waiting, notify, ms]);
}
