// A small web site on 127.0.0.1 for web_fetch tests: an article page wrapped in navigation and
// scripts, a 5 MB page, redirects on the same host and to another host (localhost is another host
// name than 127.0.0.1), JSON, text, a binary file, a 404, gzip, a page that never ends and one that
// streams forever. It records every request, so a test can check that a refused fetch sent nothing.
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

export const ARTICLE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Parsing JSON in Python</title>
<script>window.trackVisitor("secret-tracking-code")</script>
<style>body { color: red }</style></head>
<body>
<nav class="site-nav"><a href="/">Home</a> <a href="/blog">Blog</a> <a href="/nav-only-link">Navigation only</a></nav>
<header><div class="logo">Example Docs</div></header>
<main><article>
<h1>Parsing JSON in Python</h1>
<p>The <code>json</code> module turns text into Python objects. Call <a href="/docs/json-loads">json.loads</a> with a string and you get dictionaries, lists, strings and numbers back. This paragraph is long enough for a reader to treat it as the page's content.</p>
<h2>Reading a file</h2>
<p>Use <strong>json.load</strong> with an open file object. It reads the whole file and parses it in one go, which is what most scripts need when they load a configuration file or a data set from disk.</p>
<pre><code>import json
with open("data.json") as f:
    data = json.load(f)</code></pre>
<script>document.write("injected-by-script")</script>
<ul><li>Strings become str</li><li>Objects become dict</li></ul>
</article></main>
<aside>Sidebar: subscribe to our newsletter</aside>
<footer>Copyright footer text</footer>
</body></html>`;

/** A page of about `bytes` bytes: sections with headings, one of them about "flamingo migration". */
export function bigPage(bytes: number): string {
  const parts: string[] = ["<!doctype html><html><head><title>Big page</title></head><body><article>"];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const topic = i === 400 ? "Flamingo migration routes" : `Section number ${i}`;
    const text =
      i === 400 ? "Flamingos migrate along the coast every spring. " : "Lorem ipsum dolor sit amet. ";
    const part = `<h2>${topic}</h2><p>${text.repeat(40)}</p>`;
    parts.push(part);
    size += part.length;
  }
  parts.push("</article></body></html>");
  return parts.join("");
}

export interface WebServer {
  port: number;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** `host`: where it listens (default 127.0.0.1; "0.0.0.0" to answer on every address of the machine). */
export async function startWebServer(host = "127.0.0.1"): Promise<WebServer> {
  const requests: string[] = [];
  const big = bigPage(5 * 1024 * 1024);
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    const port = (server.address() as AddressInfo).port;
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    };
    switch (req.url) {
      case "/article":
        return send(200, "text/html; charset=utf-8", ARTICLE_HTML);
      case "/big":
        return send(200, "text/html", big);
      case "/redirect-same":
        res.writeHead(301, { location: "/article" });
        return res.end();
      case "/redirect-other":
        res.writeHead(302, { location: `http://localhost:${port}/article` });
        return res.end();
      case "/json":
        return send(200, "application/json", '{"name":"agenix","tools":["web_fetch"]}');
      case "/text":
        return send(200, "text/plain", "plain *text* <b>kept</b> as is\n");
      case "/binary":
        return send(200, "image/png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
      case "/missing":
        return send(404, "text/html", "<html><body><p>No such page here.</p></body></html>");
      case "/gzip":
        res.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" });
        return res.end(zlib.gzipSync(ARTICLE_HTML));
      case "/hang":
        res.writeHead(200, { "content-type": "text/html" });
        res.write("<html><body>");
        return; // never ends
      case "/endless": {
        res.writeHead(200, { "content-type": "text/plain" });
        const chunk = "x".repeat(64 * 1024);
        const pump = () => {
          while (res.write(chunk)) {}
        };
        res.on("drain", pump);
        pump();
        return;
      }
      default:
        return send(404, "text/plain", "not found");
    }
  });
  server.listen(0, host);
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
