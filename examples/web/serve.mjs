// A tiny static file server for the web example (no dependencies): serves
// the repository root so the page can load ../../bindings-wasm/pkg/, with
// the right MIME types (application/wasm for streaming instantiation).
//
//   node examples/web/serve.mjs [port]     # then open the printed URL
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".ts": "text/plain; charset=utf-8",
};

/** Start serving `root` on 127.0.0.1:`port` (0 = any free port). Resolves to the server. */
export function serve({ root = repoRoot, port = 0 } = {}) {
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    let file = path.normalize(path.join(root, pathname));
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end("forbidden");
      return;
    }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        if (!pathname.endsWith("/")) {
          res.writeHead(301, { Location: pathname + "/" }).end();
          return;
        }
        file = path.join(file, "index.html");
      }
      fs.readFile(file, (err2, body) => {
        if (err2) {
          res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
          return;
        }
        res.writeHead(200, {
          "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
          "Cache-Control": "no-store",
          "X-Content-Type-Options": "nosniff",
          // Cross-origin isolation: lets the page share a stop flag with the
          // worker (SharedArrayBuffer) so Stop returns the best plan so far.
          "Cross-Origin-Opener-Policy": "same-origin",
          "Cross-Origin-Embedder-Policy": "require-corp",
        });
        res.end(body);
      });
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const server = await serve({ port: Number(process.argv[2] ?? 8080) });
  console.log(`http://127.0.0.1:${server.address().port}/examples/web/`);
}
