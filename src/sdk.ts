// The public API of the agenix package.
export * from "./errors.js";
export * from "./sessions/format.js";
