// One sanitiser for every mode: print mode's (src/cli/sanitize.ts), re-exported under the name
// interactive mode's modules import.
export { sanitizeForTerminal } from "../sanitize.js";
