// The terminal UI's text components. `Text` is Ink's Text with every string child passed through the
// one sanitiser (src/cli/sanitize.ts), so no component can print a session's or a model's escape
// sequences by forgetting to clean them. `RenderedText` is for output our own renderer styled
// (Markdown): its input was sanitised before rendering, its escape codes are ours.
// test/cli/output-boundary.test.ts fails when a component imports Text from "ink" directly.
import { Text as InkText } from "ink";
import {
  Children,
  type ComponentProps,
  cloneElement,
  Fragment,
  isValidElement,
  type ReactElement,
  type ReactNode,
} from "react";
import { sanitizeForTerminal } from "../../sanitize.js";

type TextProps = ComponentProps<typeof InkText>;

function clean(children: ReactNode): ReactNode {
  return Children.map(children, (child) => {
    if (typeof child === "string") return sanitizeForTerminal(child);
    // Nested <Text> elements clean themselves; a fragment's children are cleaned here.
    if (isValidElement(child) && child.type === Fragment) {
      const fragment = child as ReactElement<{ children?: ReactNode }>;
      return cloneElement(fragment, {}, clean(fragment.props.children));
    }
    return child;
  });
}

export function Text(props: TextProps) {
  return <InkText {...props}>{clean(props.children)}</InkText>;
}

export function RenderedText(props: TextProps) {
  return <InkText {...props} />;
}
