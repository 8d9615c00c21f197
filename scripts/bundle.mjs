// Bundles the CLI into dist/bin/ with esbuild. Why: Node spends most of a cold start resolving and
// reading hundreds of small module files (Ink alone is ~1 s of that on this machine). One entry file
// plus lazily loaded chunks (code splitting keeps `import()` lazy) makes `agenix --version`,
// `agenix sessions ...` and print mode load only what they use, in a few files.
import { chmodSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = new URL("../", import.meta.url);

// pg's `./stream` module, replaced by its Node.js half (see scripts/pg-node-stream.cjs).
const pgNodeStream = {
  name: "pg-node-stream",
  setup(build) {
    build.onResolve({ filter: /^\.\/stream(\.js)?$/ }, (args) =>
      /[\\/]node_modules[\\/]pg[\\/]lib$/.test(args.resolveDir)
        ? { path: new URL("scripts/pg-node-stream.cjs", root).pathname }
        : undefined,
    );
  },
};
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
const outdir = new URL("dist/bin/", root).pathname;
const result = await build({
  metafile: true,
  entryPoints: {
    agenix: new URL("src/cli/main.ts", root).pathname,
    // Started by src/history/import/workers.ts as `./import-worker.js` beside its own chunk.
    "chunks/import-worker": new URL("src/history/import/import-worker.ts", root).pathname,
    // Runs inside the sandbox (src/sandbox/session-sandbox.ts starts it with node): built-ins only.
    "chunks/sandbox-supervisor": new URL("src/sandbox/supervisor.ts", root).pathname,
  },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "external",
  chunkNames: "chunks/[name]-[hash]",
  // ripgrep finds its binary next to its own files; keep it (and its platform package) a real import.
  // pg-native is an optional peer of pg that agenix never uses. web-tree-sitter finds its own .wasm
  // next to its files; tree-sitter-bash.wasm is resolved at run time. jiti loads its Babel build
  // lazily from its own folder.
  external: ["@vscode/ripgrep", "pg-native", "web-tree-sitter", "jiti"],
  // Ink only loads react-devtools-core when DEV=true; the stub keeps it out of the bundle.
  alias: { "react-devtools-core": new URL("scripts/react-devtools-stub.mjs", root).pathname },
  plugins: [pgNodeStream],
  define: { __AGENIX_VERSION__: JSON.stringify(pkg.version), "process.env.NODE_ENV": '"production"' },
  // Bundled CommonJS packages call require() for Node built-ins; give them one.
  banner: {
    js: "import{createRequire as __agenixRequire}from'node:module';const require=__agenixRequire(import.meta.url);",
  },
  logLevel: "warning",
});
chmodSync(`${outdir}agenix.js`, 0o755);

// Remove chunks of earlier builds (their names carry content hashes), after the new ones exist,
// so a build running alongside never sees a missing file.
const fresh = new Set(Object.keys(result.metafile.outputs).map((file) => path.resolve(file)));
const chunkDir = `${outdir}chunks/`;
for (const name of readdirSync(chunkDir)) {
  if (!fresh.has(path.resolve(chunkDir, name))) rmSync(`${chunkDir}${name}`, { force: true });
}
