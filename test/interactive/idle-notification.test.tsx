// The idle notification fires once the prompt has waited after an answer, never before the first one.
import { render } from "ink-testing-library";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useIdleNotification } from "../../src/cli/interactive/idle-notification.js";

function Probe({ waiting, notify }: { waiting: boolean; notify: () => void }) {
  useIdleNotification(waiting, notify, 1000);
  return null;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("useIdleNotification", () => {
  it("waits for an answer, then notifies once per wait; typing a new prompt cancels it", () => {
    const notify = vi.fn();
    const view = render(<Probe waiting notify={notify} />);
    vi.advanceTimersByTime(5000);
    expect(notify).not.toHaveBeenCalled(); // fresh start: nothing answered yet
    view.rerender(<Probe waiting={false} notify={notify} />);
    view.rerender(<Probe waiting notify={notify} />);
    vi.advanceTimersByTime(999);
    expect(notify).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(notify).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(notify).toHaveBeenCalledTimes(1);
    view.rerender(<Probe waiting={false} notify={notify} />);
    vi.advanceTimersByTime(5000);
    expect(notify).toHaveBeenCalledTimes(1);
    view.unmount();
  });
});
