// The reasoning effort of a session: sent to models that take one (OpenAI reasoning models, Anthropic
// extended thinking); for any other model it is left out, with a notice once per model.

import type { Provider } from "../providers/types.js";
import type { ReasoningEffort } from "../settings/choices.js";

export class ReasoningControl {
  private readonly noticed = new Set<string>();

  constructor(
    public effort: ReasoningEffort | undefined,
    private readonly notice: (text: string) => void,
  ) {}

  /** The effort to send to `model`, or undefined (with a one-time notice when one was asked for). */
  forRequest(provider: Provider, model: string): ReasoningEffort | undefined {
    const effort = this.effort;
    if (effort === undefined) return undefined;
    if (!provider.supportsReasoning || provider.supportsReasoning(model)) return effort;
    if (!this.noticed.has(model)) {
      this.noticed.add(model);
      this.notice(
        `Note: reasoning effort "${effort}" is ignored for ${model}: it takes no reasoning effort or extended thinking ` +
          "(OpenAI o-series and gpt-5 models, Anthropic Claude 3.7 and 4 or later do).",
      );
    }
    return undefined;
  }
}
