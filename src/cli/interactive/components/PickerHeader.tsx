// The top of a filterable picker (sessions, models): its title and the filter line with a count.
import { Text } from "./SafeText.js";

export function PickerHeader(props: { title: string; query: string; shown: number; total: number }) {
  return (
    <>
      <Text bold>{props.title}</Text>
      <Text>
        <Text dimColor>Filter: </Text>
        {props.query}
        <Text inverse> </Text>
        <Text dimColor>
          {"  "}
          {props.shown} of {props.total}
        </Text>
      </Text>
    </>
  );
}
