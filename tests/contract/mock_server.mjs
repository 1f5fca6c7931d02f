// The in-page mock behind a Node HTTP server, so an HTTP client (the replay of Schemathesis'
// cases in tests/contract/test_schemathesis.py) reaches it as it reaches `make mock`. It serves
// the page's own mock module (tryit-mock.js, as bundled by `python -m vinr_docs.tryit.generate`)
// created from config.json with its default fixture state. HTTP framing is Node's; everything
// the API answers (routing, 405 + Allow, HEAD as GET, validation, errors) is the mock's.
//
//   node mock_server.mjs OUT_DIR PORT     → prints "in-page mock on http://127.0.0.1:PORT"
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [out, port] = process.argv.slice(2);
const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));
const { createMock } = await import(pathToFileURL(join(out, "tryit-mock.js")).href);
const mock = createMock(config);

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const at = request.url.indexOf("?");
    const reply = mock.request({
      method: request.method,
      path: at < 0 ? request.url : request.url.slice(0, at),
      query: at < 0 ? "" : request.url.slice(at + 1),
      headers: request.headers,
      body: new Uint8Array(Buffer.concat(chunks)),
    });
    const payload = Buffer.from(JSON.stringify(reply.body));
    // Node sends no body in the reply to HEAD, whatever end() is given.
    response.writeHead(reply.status, { ...reply.headers, "Content-Length": payload.length });
    response.end(payload);
  });
});
server.listen(Number(port), "127.0.0.1", () => {
  process.stdout.write(`in-page mock on http://127.0.0.1:${port}\n`);
});
