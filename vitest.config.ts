import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two cores here: more workers only fight over them.
    maxWorkers: 2,
    globalSetup: ["test/support/postgres-global.ts"],
  },
});
