// The floor for serving a body: a bare Node HTTP server that answers every request with the same
// bytes (argv: the body file, its gzip file), gzip when accepted. Prints its port on stdout.
import fs from "node:fs";
import http from "node:http";

const identity = fs.readFileSync(process.argv[2]);
const gzip = fs.readFileSync(process.argv[3]);
const server = http.createServer((req, res) => {
  const zipped = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = zipped ? gzip : identity;
  res.writeHead(200, { "content-type": "application/json", "content-length": body.length, ...(zipped ? { "content-encoding": "gzip" } : {}) });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
