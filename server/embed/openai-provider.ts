// Embeddings from any OpenAI-compatible `POST {endpoint}/embeddings` (OpenAI, Ollama, LM Studio,
// vLLM, llama.cpp's server). The API key goes into one request header and nowhere else: every message
// built from what the server says is redacted before it leaves this file.
import { setTimeout as sleep } from 'node:timers/promises';
import { IndexError, type IndexErrorCode } from '../common/errors.js';
import { normalize } from './builtin-hash.js';
import type { EmbeddingProvider, EmbedPurpose } from './provider.js';

export interface OpenAIOptions {
  /** Base URL of the API (`http://localhost:11434/v1`); `/embeddings` is added unless already there. */
  endpoint: string;
  /** The model name sent with every request. */
  model: string;
  /** Sent as `Authorization: Bearer`; from the environment in the CLI, from secret storage in the editor. */
  apiKey?: string;
  /** Expected vector size; when absent, `connect` asks the endpoint once to learn it. */
  dimensions?: number;
  /** Most texts sent in one request. */
  batchSize?: number;
  /** How long one request may take, reading the answer included. */
  timeoutMs?: number;
  /** Further attempts after a 429, a 5xx, a timeout or a dropped connection. */
  retries?: number;
  /** First backoff after a 5xx or a timeout; doubled on each further attempt. */
  retryBaseMs?: number;
  /** Longest single wait, whatever a `retry-after` header asks for. */
  maxRetryWaitMs?: number;
}

export const OPENAI_DEFAULTS = { batchSize: 64, timeoutMs: 30_000, retries: 4, retryBaseMs: 500, maxRetryWaitMs: 60_000 } as const;

type Tuning = { -readonly [K in keyof typeof OPENAI_DEFAULTS]: number };

/** What one request came to: a parsed body, or why not and whether trying again may help. */
type Attempt = { ok: true; body: unknown } | { ok: false; code: IndexErrorCode; message: string; retry: boolean; waitMs?: number };

const PROBE_TEXT = 'code-index';
const SERVER_MESSAGE_CHARS = 300;

export class OpenAIEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;
  private known: number | undefined;
  // A true private field: never shown by util.inspect or JSON.stringify of the provider.
  readonly #apiKey: string | undefined;
  private readonly url: URL;
  /** The endpoint as messages name it: no query string, no credentials. */
  private readonly where: string;
  private readonly model: string;
  private readonly tuning: Tuning;

  /** Makes a provider and, unless its dimensions are given, embeds one short text to learn them. */
  static async connect(options: OpenAIOptions): Promise<OpenAIEmbeddingProvider> {
    const provider = new OpenAIEmbeddingProvider(options);
    if (provider.known === undefined) await provider.embed([PROBE_TEXT]);
    return provider;
  }

  constructor(options: OpenAIOptions) {
    this.url = embeddingsUrl(options.endpoint);
    this.where = `${this.url.origin}${this.url.pathname}`;
    this.model = requireText(options.model, 'The openai embedding provider needs a model name (the `model` sent to the endpoint).');
    this.#apiKey = checkApiKey(options.apiKey);
    this.tuning = { ...OPENAI_DEFAULTS };
    for (const key of Object.keys(OPENAI_DEFAULTS) as Array<keyof Tuning>) {
      const value = options[key];
      if (value === undefined) continue;
      const least = key === 'batchSize' || key === 'timeoutMs' ? 1 : 0;
      if (!Number.isInteger(value) || value < least)
        throw badConfig(`openai embedding provider: ${key} must be a whole number of at least ${least}, got ${value}.`);
      this.tuning[key] = value;
    }
    if (options.dimensions !== undefined && (!Number.isInteger(options.dimensions) || options.dimensions < 1)) {
      throw badConfig(`openai embedding provider: dimensions must be a positive whole number, got ${options.dimensions}.`);
    }
    this.known = options.dimensions;
    this.id = `openai:${this.model}@${this.url.host}`;
  }

  get dimensions(): number {
    if (this.known === undefined) {
      throw new IndexError(
        'INTERNAL',
        'The openai embedding provider does not know its dimensions yet: make it with OpenAIEmbeddingProvider.connect().',
      );
    }
    return this.known;
  }

  /** Aborting `signal` ends the request under way and any wait before a retry. */
  async embed(texts: string[], _purpose?: EmbedPurpose, signal?: AbortSignal): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.tuning.batchSize) {
      const batch = texts.slice(start, start + this.tuning.batchSize);
      // Some servers reject an empty string; a space embeds the same nothing.
      const body = await this.post(
        batch.map((t) => (t.length > 0 ? t : ' ')),
        signal,
      );
      vectors.push(...this.vectorsFrom(body, batch.length));
    }
    return vectors;
  }

  /** Sends one batch, retrying what may pass on a second try, within bounds. */
  private async post(input: string[], signal?: AbortSignal): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(input, signal);
      if (outcome.ok) return outcome.body;
      if (!outcome.retry || attempt >= this.tuning.retries) {
        const tries = attempt > 0 ? ` (gave up after ${attempt + 1} attempts)` : '';
        throw this.error(outcome.code, `${outcome.message}${tries}`);
      }
      const backoff = Math.min(this.tuning.retryBaseMs * 2 ** attempt, this.tuning.maxRetryWaitMs);
      await sleep(Math.min(outcome.waitMs ?? backoff, this.tuning.maxRetryWaitMs), undefined, { signal });
    }
  }

  private async attempt(input: string[], signal?: AbortSignal): Promise<Attempt> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.tuning.timeoutMs);
    const cancel = () => controller.abort();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify({ model: this.model, input }),
        signal: controller.signal,
        // A redirect would turn the POST into a GET, and may lead the key to another host.
        redirect: 'manual',
      });
      const text = await response.text();
      if (response.status >= 200 && response.status < 300) return parseJson(text, this.where);
      return this.refusal(response, text);
    } catch (err) {
      signal?.throwIfAborted(); // the caller stopped: not a timeout, and nothing to retry
      if (controller.signal.aborted) {
        return {
          ok: false,
          code: 'IO',
          retry: true,
          message: `The embedding endpoint ${this.where} did not answer within ${this.tuning.timeoutMs / 1000} s.`,
        };
      }
      const code = networkCode(err);
      // Nothing listening, or no such host: a second try would meet the same.
      const retry = code !== 'ECONNREFUSED' && code !== 'ENOTFOUND';
      return {
        ok: false,
        code: 'IO',
        retry,
        message: `Cannot reach the embedding endpoint ${this.where} (${code ?? (err as Error).message}). Is the server running?`,
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    }
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.#apiKey) headers.authorization = `Bearer ${this.#apiKey}`;
    return headers;
  }

  /** A non-2xx answer: which may be retried, after how long, and what to tell the user. */
  private refusal(response: Response, text: string): Attempt {
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const said = serverMessage(text);
    const detail = said ? `: ${said}` : '';
    if (response.status === 429) {
      const waitMs = retryAfterMs(response.headers.get('retry-after'), Date.now());
      return {
        ok: false,
        code: 'IO',
        retry: true,
        waitMs,
        message: `The embedding endpoint ${this.where} is rate limiting requests (${status}${detail}).`,
      };
    }
    if (response.status >= 500) {
      return { ok: false, code: 'IO', retry: true, message: `The embedding endpoint ${this.where} failed with ${status}${detail}.` };
    }
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      const to = location ? ` to ${stripQuery(location, this.url)}` : '';
      return {
        ok: false,
        code: 'BAD_CONFIG',
        retry: false,
        message: `The embedding endpoint ${this.where} redirects${to} (${status}); set the endpoint to the final URL.`,
      };
    }
    return {
      ok: false,
      code: 'BAD_CONFIG',
      retry: false,
      message: `The embedding endpoint ${this.where} refused the request with ${status}${detail}.${hintFor(response.status, this.model)}`,
    };
  }

  /** One unit vector per input text, in input order, or a clear error naming what was wrong. */
  private vectorsFrom(body: unknown, count: number): Float32Array[] {
    const data = (body as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) throw this.malformed('it has no "data" array');
    if (data.length !== count) throw this.malformed(`it holds ${data.length} embeddings for ${count} texts`);
    const vectors = new Array<Float32Array | undefined>(count);
    let dimensions = this.known;
    data.forEach((item: unknown, position) => {
      const { index = position, embedding } = (item ?? {}) as { index?: unknown; embedding?: unknown };
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count || vectors[index]) {
        throw this.malformed(`item ${position} has a bad or repeated index (${JSON.stringify(index)})`);
      }
      if (!Array.isArray(embedding) || embedding.length === 0) throw this.malformed(`item ${position} has no "embedding" array of numbers`);
      dimensions ??= embedding.length;
      if (embedding.length !== dimensions) {
        throw this.malformed(`item ${position} has ${embedding.length} dimensions where ${dimensions} were expected`);
      }
      vectors[index] = this.unitVector(embedding, position);
    });
    this.known = dimensions;
    return vectors as Float32Array[];
  }

  private unitVector(values: unknown[], position: number): Float32Array {
    const vector = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw this.malformed(`item ${position} holds ${JSON.stringify(v)?.slice(0, 20) ?? typeof v} at position ${i}, not a number`);
      }
      vector[i] = v;
    }
    if (!normalize(vector)) throw this.malformed(`item ${position} is all zeros`);
    return vector;
  }

  private malformed(what: string): IndexError {
    return this.error(
      'IO',
      `The embedding endpoint ${this.where} sent a malformed answer: ${what}. Is it an OpenAI-compatible /embeddings endpoint, and is "${this.model}" an embedding model?`,
    );
  }

  private error(code: IndexErrorCode, message: string): IndexError {
    return new IndexError(code, redact(message, this.#apiKey));
  }
}

function badConfig(message: string): IndexError {
  return new IndexError('BAD_CONFIG', message);
}

function requireText(value: string | undefined, message: string): string {
  const text = value?.trim();
  if (!text) throw badConfig(message);
  return text;
}

/** `{endpoint}/embeddings`, checked: an http(s) URL without credentials in it. */
export function embeddingsUrl(endpoint: string): URL {
  const text = requireText(endpoint, 'The openai embedding provider needs an endpoint, such as http://localhost:11434/v1.');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badConfig(`The embedding endpoint "${text}" is not a URL; use one such as http://localhost:11434/v1.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badConfig(`The embedding endpoint must be an http:// or https:// URL, not ${url.protocol}//.`);
  }
  if (url.username || url.password) {
    throw badConfig('The embedding endpoint URL holds credentials; remove them and give the API key through its own setting.');
  }
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/embeddings') ? path : `${path}/embeddings`;
  url.hash = '';
  return url;
}

function checkApiKey(key: string | undefined): string | undefined {
  const trimmed = key?.trim();
  if (!trimmed) return undefined;
  // Checked here because fetch's own complaint about a bad header value would quote the key.
  if (/[^\x21-\x7e]/.test(trimmed)) throw badConfig('The embedding API key holds spaces or control characters; check how it was set.');
  return trimmed;
}

function parseJson(text: string, where: string): Attempt {
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return {
      ok: false,
      code: 'IO',
      retry: false,
      message: `The embedding endpoint ${where} sent a malformed answer: it is not JSON (starts "${text.slice(0, 40)}"). Is the endpoint URL right?`,
    };
  }
}

/** The error text a server put in its body: OpenAI's `{error: {message}}`, Ollama's `{error}`, or plain text. */
function serverMessage(text: string): string {
  let said = text;
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown; detail?: unknown };
    const error = body?.error as { message?: unknown } | string | undefined;
    const found = typeof error === 'string' ? error : (error?.message ?? body?.message ?? body?.detail);
    if (typeof found === 'string') said = found;
  } catch {
    // not JSON: keep the text
  }
  said = said.replace(/\s+/g, ' ').trim();
  return said.length > SERVER_MESSAGE_CHARS ? `${said.slice(0, SERVER_MESSAGE_CHARS)}…` : said;
}

function hintFor(status: number, model: string): string {
  if (status === 401 || status === 403) return ' Check the API key.';
  if (status === 404) return ` Check the endpoint URL and that the server has the model "${model}".`;
  return '';
}

/** Milliseconds a `retry-after` header asks for: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function networkCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function stripQuery(location: string, base: URL): string {
  try {
    const url = new URL(location, base);
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'elsewhere';
  }
}

/** The text with every occurrence of the key, and of any bearer token, replaced. */
export function redact(text: string, key: string | undefined): string {
  let out = text.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]');
  if (key) out = out.split(key).join('[redacted]');
  return out;
}
