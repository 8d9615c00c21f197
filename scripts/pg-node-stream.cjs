// Stand-in for pg/lib/stream.js in the CLI bundle: the Node.js half of it. pg decides at load time
// whether it runs in a Cloudflare Worker by constructing a `Response`, which makes Node load its
// whole fetch implementation (undici, ~25 ms of every PostgreSQL-backed command). agenix only
// runs on Node, so the bundle takes the Node.js socket functions directly (tls loaded only for SSL,
// as pg does).
module.exports = {
  getStream: () => new (require("node:net").Socket)(),
  getSecureStream: (options) => require("node:tls").connect(options),
};
