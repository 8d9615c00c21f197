import { Box } from "ink";
import { type DiffView, FOLDED_DIFF_LINES } from "../diff-view.js";
import { Text } from "./SafeText.js";

/** A coloured inline diff: line numbers, +/- lines in green/red, context dim; folded unless `full`. */
export function DiffBlock({ diff, full = false }: { diff: DiffView; full?: boolean }) {
  const shown = full ? diff.lines : diff.lines.slice(0, FOLDED_DIFF_LINES);
  const hidden = diff.lines.length - shown.length;
  const width = String(Math.max(1, ...diff.lines.map((l) => l.number ?? 0))).length;
  return (
    <Box flexDirection="column" marginLeft={4}>
      {shown.map((line, i) => {
        const no = line.number === undefined ? " ".repeat(width) : String(line.number).padStart(width);
        const key = `${i}:${line.kind}`;
        if (line.kind === "add")
          return (
            <Text key={key} color="green">
              {`${no} + ${line.text}`}
            </Text>
          );
        if (line.kind === "del")
          return (
            <Text key={key} color="red">
              {`${no} - ${line.text}`}
            </Text>
          );
        if (line.kind === "ctx")
          return (
            <Text key={key} dimColor>
              {`${no}   ${line.text}`}
            </Text>
          );
        return (
          <Text key={key} dimColor>
            {line.text}
          </Text>
        );
      })}
      {hidden > 0 ? <Text dimColor>… {hidden} more diff lines (Ctrl+O to expand)</Text> : null}
    </Box>
  );
}
