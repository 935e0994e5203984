// A real HTTP server on 127.0.0.1 that speaks the OpenAI embeddings protocol, for the openai
// provider's tests. By default it answers every `POST /v1/embeddings` with one deterministic,
// deliberately not unit-length vector per input, listed in reverse order; `script()` queues one-off
// misbehaviours (a status with headers and body, a hang, a bad payload) for the next requests.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

/** The raw vector the server gives `text`: the tests normalise it themselves to compare. */
export function rawVector(text, dimensions) {
  const digest = createHash('sha256').update(text).digest();
  return Array.from({ length: dimensions }, (_, i) => (digest[i % digest.length] - 128) / 8 + (i === 0 ? 20 : 0));
}

/**
 * Starts the server; it is closed (hung requests included) when the test `t` ends. Returns
 * { endpoint, requests, script(...steps), close() }. A step is one of:
 *   { status, headers?, body? }   answer with that (body: object as JSON, or a string)
 *   { hang: true }                never answer
 *   { payload: (input) => body }  answer 200 with what the function makes of the input texts
 */
export async function startFakeEmbeddingsServer(t, { dimensions = 6 } = {}) {
  const requests = [];
  const steps = [];
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (s) => {
      text += s;
    });
    req.on('end', () => {
      let body = null;
      try {
        body = JSON.parse(text);
      } catch {
        // recorded as null; the default answer below refuses it
      }
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      answer(req, res, body, steps.shift());
    });
  });

  function answer(req, res, body, step) {
    if (step?.hang) return;
    if (step?.status) return send(res, step.status, step.body ?? '', step.headers);
    if (req.method !== 'POST' || req.url !== '/v1/embeddings')
      return send(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
    if (!body || typeof body.model !== 'string' || !Array.isArray(body.input)) {
      return send(res, 400, { error: { message: 'expected {model, input: string[]}' } });
    }
    if (step?.payload) return send(res, 200, step.payload(body.input));
    const data = body.input.map((input, index) => ({ object: 'embedding', index, embedding: rawVector(input, dimensions) }));
    send(res, 200, { object: 'list', model: body.model, data: data.reverse(), usage: { prompt_tokens: 0, total_tokens: 0 } });
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  t.after(close);
  return {
    endpoint: `http://127.0.0.1:${server.address().port}/v1`,
    host: `127.0.0.1:${server.address().port}`,
    dimensions,
    requests,
    script: (...more) => steps.push(...more),
    close,
  };
}

function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  res.end(text);
}
