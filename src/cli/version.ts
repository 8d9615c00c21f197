// The package version. The CLI bundle has it inlined at build time (no file read at startup);
// the tsc build (SDK) reads package.json next to dist/.
import { readFileSync } from "node:fs";

declare const __AGENIX_VERSION__: string | undefined;

export function packageVersion(): string {
  if (typeof __AGENIX_VERSION__ === "string") return __AGENIX_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return pkg.version as string;
}
