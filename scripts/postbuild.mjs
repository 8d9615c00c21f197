// Kept for muscle memory: `npx tsc -p tsconfig.build.json; node scripts/postbuild.mjs` = npm run build.
await import("./bundle.mjs");
