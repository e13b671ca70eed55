/**
 * The one place that talks HTTP: undici with a per-request timeout, caller cancellation, proxy
 * support, optional retry with backoff, request logging, capped response bodies, and undici's
 * failures turned into AdobeApiErrors a person can act on. It never throws for an HTTP status:
 * callers map those.
 */
import { Agent, Dispatcher, EnvHttpProxyAgent, Pool, request } from 'undici';
import { WriteStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { EventEmitter } from 'node:events';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isLoopbackHost, withoutQuery } from './endpoints';
import { AdobeApiError, AdobeService, SERVICE_NAMES, SERVICE_SETTINGS, SERVICE_TITLES, isAdobeApiError } from './errors';
import { LIMIT_FORMAT, formatBytes } from './format';
import { Clock, Logger, silentLogger, systemClock } from './logger';
import { redact } from './redact';
import { Settings } from './settingKeys';

export interface ProxyOptions {
	/** VS Code's `http.proxy`; when empty, HTTPS_PROXY / HTTP_PROXY from the environment apply. */
	url?: string;
	/** Hosts that bypass the proxy (VS Code's `http.noProxy`); when empty, NO_PROXY applies. */
	noProxy?: string[];
}

export interface HttpClientOptions {
	timeoutMs: number;
	proxy?: ProxyOptions;
	logger?: Logger;
	clock?: Clock;
	userAgent?: string;
	/** Overall limit on one download; DOWNLOAD_DEADLINE_MS unless a test needs less. */
	downloadDeadlineMs?: number;
}

export interface RetryPolicy {
	/** Further attempts after the first. */
	retries: number;
	/** First backoff delay; doubles on each retry. */
	baseDelayMs: number;
	/** Upper bound on any one wait, including one asked for by Retry-After. */
	maxDelayMs: number;
}

/** The verbs the extension sends: reads and submits, the PUT/DELETE/PATCH that cancel jobs, and whatever a request file says. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface HttpRequest {
	service: AdobeService;
	/**
	 * Who is called, for messages, when it is not one of the configured services (a request file's
	 * own URL): messages then name it instead, and no endpoint setting is blamed.
	 */
	target?: string;
	method: HttpMethod;
	url: string;
	/**
	 * `url` already parsed, when the caller has it (a request file's URL, parsed to check its origin):
	 * undici then does not parse it again. Used only when its href is `url` itself.
	 */
	parsedUrl?: URL;
	headers?: Record<string, string>;
	/** Text, or bytes (Firefly's storageImageV2 takes the image itself). */
	body?: string | Buffer;
	signal?: AbortSignal;
	/** Retry transient failures (429, 502/503/504, broken connections). Only for idempotent calls. */
	retry?: RetryPolicy;
	/** Values to scrub from anything logged about this request. */
	secrets?: string[];
	/** Read the body as bytes (images) instead of text; 'auto' does so when the content type is not text. */
	binary?: boolean | 'auto';
	/** A lower cap than MAX_TEXT_BODY_BYTES for an answer that should be small (a job status). */
	maxBodyBytes?: number;
	/** Told before each retry wait, e.g. to show "rate limited, retrying in 2 s". */
	onRetry?: (info: { attempt: number; delayMs: number; status?: number }) => void;
}

export interface HttpResponse {
	status: number;
	headers: Record<string, string>;
	text: string;
	/** The raw body, when the request asked for bytes. */
	bytes?: Buffer;
	requestId?: string;
	durationMs: number;
}

/**
 * The most a JSON or text answer may hold in memory. Adobe's largest (a 100-item listing page) is
 * tens of kB; anything near this is not Adobe, and reading on would grow the extension host unbounded.
 */
export const MAX_TEXT_BODY_BYTES = 10 * 1024 * 1024;
/** The most a binary answer (a rendition for the preview) may hold in memory; a 512 px PNG is well under 1 MB. */
export const MAX_BINARY_BODY_BYTES = 50 * 1024 * 1024;
/** How long one download may take in all; stalls end sooner, after the request timeout without a byte. */
export const DOWNLOAD_DEADLINE_MS = 30 * 60_000;
/** The longest wait a Retry-After header can ask for; callers may cap further. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** What a transfer's timeout messages name: a download to a file, one to memory, or an upload. */
type Transfer = 'download' | 'fetch' | 'upload';

/** Why an attempt ended before undici did: the caller cancelled, or one of our timers fired. */
type StopReason = 'cancelled' | 'timeout' | 'stalled' | 'deadline';

export class HttpClient {
	/** Loopback goes here, never through a proxy: a plain-http IMS form body carries the client secret. */
	private readonly direct: Dispatcher;
	private proxied: Dispatcher | undefined;
	private readonly logger: Logger;
	private readonly clock: Clock;
	private readonly loopbackByPrefix = new Map<string, boolean>();

	constructor(private readonly options: HttpClientOptions) {
		this.logger = options.logger ?? silentLogger;
		this.clock = options.clock ?? systemClock;
		this.direct = new Agent(this.agentOptions());
	}

	get timeoutMs(): number {
		return this.options.timeoutMs;
	}

	async close(): Promise<void> {
		await Promise.all([this.direct.close(), this.proxied?.close()]);
	}

	/** Sends the request, retrying per `req.retry`. Resolves with any HTTP status; rejects with AdobeApiError. */
	send(req: HttpRequest): Promise<HttpResponse> {
		// Not an async function: one returning sendOnce's promise would take two more turns of the
		// microtask queue to adopt it, between each answer and the next request of a run (npm run bench).
		return req.retry ? this.sendWithRetry(req, req.retry) : this.sendOnce(req);
	}

	private async sendWithRetry(req: HttpRequest, policy: RetryPolicy): Promise<HttpResponse> {
		for (let attempt = 0; ; attempt++) {
			let response: HttpResponse | undefined;
			let failure: AdobeApiError | undefined;
			try {
				response = await this.sendOnce(req);
			} catch (error) {
				failure = error as AdobeApiError;
			}
			const transient = response ? RETRYABLE_STATUSES.has(response.status) : failure?.kind === 'network';
			if (attempt >= policy.retries || !transient) {
				if (failure) throw failure;
				return response!;
			}
			const asked = response ? parseRetryAfter(response.headers['retry-after'], this.clock.now()) : undefined;
			const delay = Math.min(asked ?? policy.baseDelayMs * 2 ** attempt, policy.maxDelayMs);
			this.logger.warn(
				`[http] ${req.method} ${this.describe(req)} ${response ? `→ ${response.status}` : `failed (${failure?.message})`}; retry ${attempt + 1}/${policy.retries} in ${delay} ms`,
			);
			req.onRetry?.({ attempt: attempt + 1, delayMs: delay, status: response?.status });
			try {
				await this.clock.sleep(delay, req.signal);
			} catch {
				throw this.cancelled(req.service);
			}
		}
	}

	/**
	 * Streams a GET to `destination` (through `destination.part`, renamed when complete, removed on
	 * failure or cancel), reporting bytes as they arrive. For pre-signed URLs: no credentials are sent.
	 * It fails when no byte arrives for the request timeout, or when it runs past DOWNLOAD_DEADLINE_MS.
	 */
	async download(
		req: Pick<HttpRequest, 'service' | 'url' | 'signal' | 'secrets'>,
		destination: string,
		onProgress?: (received: number, total?: number) => void,
	): Promise<{ bytes: number; status: number }> {
		const partial = `${destination}.part`;
		let file: WriteStream | undefined;
		try {
			// Opened only once Adobe's storage said 200, so a refused link leaves no file behind.
			const result = await this.downloadTo(req, () => (file = createWriteStream(partial)), { onProgress, transfer: 'file' });
			await rename(partial, destination);
			return result;
		} catch (error) {
			// A cancel can come while the stream is still opening the file: pipeline rejects at once,
			// and the open would create the .part file after rm. Wait for the stream to close first.
			const stream = file as WriteStream | undefined;
			if (stream && !stream.closed) {
				await new Promise<void>((resolve) => {
					stream.once('close', () => resolve());
					stream.destroy();
				});
			}
			await rm(partial, { force: true });
			throw error;
		}
	}

	/**
	 * Streams a GET of a pre-signed URL into the stream `open()` gives (called once the answer is 200), without
	 * credentials, within the same limits as `download`: the request timeout until the answer starts and
	 * between bytes, DOWNLOAD_DEADLINE_MS in all, and `maxBytes` when given (refused at once when
	 * content-length says more, else as soon as more arrives). Errors never name the URL's query: pre-signed
	 * URLs carry their signature there.
	 */
	async downloadTo(
		req: Pick<HttpRequest, 'service' | 'url' | 'signal' | 'secrets'>,
		open: () => Writable,
		options: { onProgress?: (received: number, total?: number) => void; maxBytes?: number; transfer?: 'file' | 'memory' } = {},
	): Promise<{ bytes: number; status: number }> {
		const started = performance.now();
		const secrets = [...(req.secrets ?? []), ...queryOf(req.url)];
		const attempt = new Attempt(req.signal);
		attempt.arm('timeout', this.options.timeoutMs);
		attempt.arm('deadline', this.options.downloadDeadlineMs ?? DOWNLOAD_DEADLINE_MS);
		const transfer: Transfer = options.transfer === 'memory' ? 'fetch' : 'download';
		try {
			const res = await attempt.race(
				request(req.url, {
					method: 'GET',
					signal: attempt,
					dispatcher: this.dispatcherFor(req.url),
					headers: { 'user-agent': this.options.userAgent ?? 'adobe-api-toolkit' },
				}),
			);
			if (res.statusCode !== 200) {
				discard(res.body);
				throw new AdobeApiError(
					`${SERVICE_TITLES[req.service]} refused the download (HTTP ${res.statusCode}); the link may have expired. Try again.`,
					{
						kind: 'http',
						service: req.service,
						status: res.statusCode,
					},
				);
			}
			const total = parseContentLength(res.headers['content-length']);
			const max = options.maxBytes;
			if (max !== undefined && total !== undefined && total > max) {
				discard(res.body);
				throw tooLarge(req.service, max, total);
			}
			attempt.disarm('timeout');
			attempt.arm('stalled', this.options.timeoutMs);
			let received = 0;
			let overLimit: AdobeApiError | undefined;
			// Counted beside the pipeline, not through a stream of its own (which would cost as much CPU as the copy).
			res.body.on('data', (chunk: Buffer) => {
				received += chunk.length;
				if (max !== undefined && received > max) {
					overLimit ??= tooLarge(req.service, max);
					res.body.destroy(overLimit);
					return;
				}
				attempt.arm('stalled', this.options.timeoutMs);
				options.onProgress?.(received, total);
			});
			// Not raced: a file sink may be removed only once its stream has closed (download's catch waits for it).
			try {
				await pipeline(res.body, open(), { signal: attempt.abortSignal });
			} catch (error) {
				throw overLimit ?? error;
			}
			this.logger.info(
				`[http] GET ${redact(withoutQuery(req.url), secrets)} → 200, ${received} bytes in ${Math.round(performance.now() - started)} ms`,
			);
			return { bytes: received, status: res.statusCode };
		} catch (error) {
			if (!attempt.stopped && isAdobeApiError(error)) throw error;
			throw this.mapFailure({ ...req, secrets, method: 'GET' }, error, attempt.stopped, transfer);
		} finally {
			attempt.dispose();
		}
	}

	/**
	 * A pre-signed URL's bytes in memory (the file system's readFile), at most `maxBytes`: a larger file is
	 * refused with code 'too_large' before its body is read when content-length says so, else as soon as
	 * the count passes. No credentials are sent.
	 */
	async fetchBytes(
		req: Pick<HttpRequest, 'service' | 'url' | 'signal' | 'secrets'>,
		options: { maxBytes: number; onProgress?: (received: number, total?: number) => void },
	): Promise<Buffer> {
		const chunks: Buffer[] = [];
		const sink = () =>
			new Writable({
				write: (chunk: Buffer, _encoding, done) => {
					chunks.push(chunk);
					done();
				},
			});
		const { bytes } = await this.downloadTo(req, sink, { ...options, transfer: 'memory' });
		return Buffer.concat(chunks, bytes);
	}

	/**
	 * PUTs one block of an upload to a pre-signed URL (Adobe's block upload: "Authorization Header: Must NOT be
	 * included in the request", AdobeDocs/cloud-storage static/index.yml, initBlockBasedFileUpload). No
	 * credentials and no API key go with it: only user-agent and content-length. The body streams: a
	 * Readable is sent as it is read (with backpressure), a Buffer in slices, so progress and the stall timer
	 * follow what the network accepted. It ends when nothing is accepted for the request timeout, when the
	 * answer does not start within it after the last byte, past DOWNLOAD_DEADLINE_MS, or on Cancel. A body
	 * that gives more or fewer than `length` bytes fails (the file changed while it was read). Errors and
	 * logs never carry the URL's query (its signature).
	 */
	async putBlock(req: {
		service: AdobeService;
		url: string;
		body: Readable | Buffer;
		length: number;
		signal?: AbortSignal;
		secrets?: string[];
		/** Bytes of this block sent so far. */
		onProgress?: (sent: number) => void;
	}): Promise<{ status: number; etag?: string }> {
		const started = performance.now();
		const secrets = [...(req.secrets ?? []), ...queryOf(req.url)];
		const attempt = new Attempt(req.signal);
		const timeout = this.options.timeoutMs;
		// Until the first byte goes out, the connection (and any proxy's CONNECT) has the request timeout.
		attempt.arm('timeout', timeout);
		attempt.arm('deadline', this.options.downloadDeadlineMs ?? DOWNLOAD_DEADLINE_MS);
		const length = req.length;
		let sent = 0;
		let sourceFailure: unknown;
		const body = Buffer.isBuffer(req.body) ? Readable.from(slices(req.body), { objectMode: false }) : req.body;
		// Counted by listening beside undici rather than through another stream: a wrapping stream cost twice
		// the CPU of the transfer itself. Paused first, so this listener does not start the flow before undici
		// listens (it resumes the body when the connection is ready, and pauses it under backpressure).
		body.pause();
		// An error the stream meets before undici reads it (a file that cannot be opened) must have a listener,
		// or its 'error' event would end the process; undici sees it too and ends the request.
		body.on('error', (error) => (sourceFailure ??= error));
		body.on('data', (chunk: Buffer | string) => {
			sent += chunk.length;
			if (sent > length) {
				sourceFailure ??= new Error(`it gave more than the ${length} bytes expected`);
				body.destroy(sourceFailure as Error);
				return;
			}
			attempt.disarm('timeout');
			attempt.arm('stalled', timeout);
			req.onProgress?.(sent);
		});
		body.on('end', () => {
			if (sent < length) {
				sourceFailure ??= new Error(`it ended after ${sent} of the ${length} bytes expected`);
				return;
			}
			// Every byte is out: now the answer has the request timeout to start.
			attempt.disarm('stalled');
			attempt.arm('timeout', timeout);
		});
		const where = redact(withoutQuery(req.url, true), secrets);
		try {
			const res = await attempt.race(
				request(req.url, {
					method: 'PUT',
					signal: attempt,
					dispatcher: this.dispatcherFor(req.url),
					headers: { 'user-agent': this.options.userAgent ?? 'adobe-api-toolkit', 'content-length': String(length) },
					body: length === 0 ? '' : body,
				}),
			);
			// A storage service's answer to a block is small (an empty 200, or an XML error): read a little, keep only its code.
			const answer = await attempt.race(readCapped(res.body, 64 * 1024, undefined));
			const headers = flattenHeaders(res.headers);
			if (res.statusCode < 200 || res.statusCode >= 300) {
				const code = answer ? /<Code>([A-Za-z0-9_.-]{1,64})<\/Code>/.exec(answer.subarray(0, 4096).toString('latin1'))?.[1] : undefined;
				throw new AdobeApiError(
					`${SERVICE_TITLES[req.service]} refused a block of the upload (HTTP ${res.statusCode}${code ? `, ${code}` : ''}); the upload link may have expired. Nothing was saved; try again.`,
					{
						kind: 'http',
						service: req.service,
						status: res.statusCode,
						code,
						requestId: headers['x-request-id'] ?? headers['x-amz-request-id'],
					},
				);
			}
			this.logger.info(`[http] PUT ${where} → ${res.statusCode}, ${sent} bytes in ${Math.round(performance.now() - started)} ms`);
			return { status: res.statusCode, etag: headers.etag };
		} catch (error) {
			const mapped =
				sourceFailure !== undefined && !attempt.stopped
					? new AdobeApiError(
							`The file being uploaded could not be read (${redact(sourceFailure instanceof Error ? sourceFailure.message : String(sourceFailure), secrets).slice(0, 300)}). Nothing was saved; check that the file is still there and unchanged, then try again.`,
							{ kind: 'invalidInput', service: req.service },
						)
					: !attempt.stopped && isAdobeApiError(error)
						? error
						: this.mapFailure({ service: req.service, url: req.url, secrets, method: 'PUT' }, error, attempt.stopped, 'upload');
			// A stream undici did not finish (a refusal, a Cancel, a request that never started) still holds its file open.
			if (!body.destroyed) body.destroy();
			this.logger.warn(`[http] PUT ${where} failed after ${Math.round(performance.now() - started)} ms: ${mapped.message}`);
			throw mapped;
		} finally {
			attempt.dispose();
		}
	}

	private async sendOnce(req: HttpRequest): Promise<HttpResponse> {
		const attempt = new Attempt(req.signal);
		attempt.arm('timeout', this.options.timeoutMs);
		const started = performance.now();
		try {
			const response = await attempt.race(this.exchange(req, attempt, started));
			// Not built when nobody reads it: a run of a request file logs one line per request.
			if (this.logger.enabled?.('info') ?? true) {
				this.logger.info(
					`[http] ${req.method} ${this.describe(req)} → ${response.status} in ${response.durationMs} ms${response.requestId ? ` (request id ${response.requestId})` : ''}`,
				);
			}
			return response;
		} catch (error) {
			const mapped = !attempt.stopped && isAdobeApiError(error) ? error : this.mapFailure(req, error, attempt.stopped);
			this.logger.warn(
				`[http] ${req.method} ${this.describe(req)} failed after ${Math.round(performance.now() - started)} ms: ${mapped.message}`,
			);
			throw mapped;
		} finally {
			attempt.dispose();
		}
	}

	/** One request and its whole body, read within the cap for its kind. */
	private async exchange(req: HttpRequest, signal: Attempt, started: number): Promise<HttpResponse> {
		const res = await request(req.parsedUrl?.href === req.url ? req.parsedUrl : req.url, {
			method: req.method,
			headers: {
				'user-agent': this.options.userAgent ?? 'adobe-api-toolkit',
				...req.headers,
			},
			body: req.body,
			signal,
			dispatcher: this.dispatcherFor(req.url),
		});
		const headers = flattenHeaders(res.headers);
		const requestId = headers['x-request-id'];
		const ok = res.statusCode >= 200 && res.statusCode < 300;
		// An error answer is read as text even for binary requests.
		const binary = ok && (req.binary === true || (req.binary === 'auto' && !isTextual(headers['content-type'])));
		const limit = Math.min(binary ? MAX_BINARY_BODY_BYTES : MAX_TEXT_BODY_BYTES, req.maxBodyBytes ?? Infinity);
		const body = await readCapped(res.body, limit, parseContentLength(headers['content-length']));
		if (!body) {
			throw new AdobeApiError(
				req.target
					? `${req.target} sent more than ${formatBytes(limit, LIMIT_FORMAT)} in one response (HTTP ${res.statusCode}); it was not read.`
					: `${SERVICE_TITLES[req.service]} sent more than ${formatBytes(limit, LIMIT_FORMAT)} in one response (HTTP ${res.statusCode}), more than any answer it should give; it was not read. Check the ${SERVICE_SETTINGS[req.service]} setting; if it points at Adobe, try again later.`,
				{
					kind: 'badResponse',
					service: req.service,
					status: res.statusCode,
					requestId,
					setting: req.target ? undefined : SERVICE_SETTINGS[req.service],
				},
			);
		}
		return {
			status: res.statusCode,
			headers,
			text: binary ? '' : UTF8.decode(body),
			bytes: binary ? body : undefined,
			requestId,
			durationMs: Math.round(performance.now() - started),
		};
	}

	/** Loopback never goes through a proxy, whatever http.proxy, HTTPS_PROXY or NO_PROXY say. */
	private dispatcherFor(url: string): Dispatcher {
		if (this.isLoopback(url)) return this.direct;
		this.proxied ??= this.createProxied();
		return this.proxied;
	}

	/**
	 * isLoopbackUrl, remembered per `scheme://authority` for a URL that starts with a plain one (no
	 * userinfo, no backslash: the authority then ends at the `/`, `?` or `#` that follows, so that prefix
	 * parses to the same host). A run of a request file sends hundreds of URLs to one origin. Any other URL
	 * is parsed whole, every time.
	 */
	private isLoopback(url: string): boolean {
		const prefix = PLAIN_AUTHORITY.exec(url)?.[0];
		if (prefix === undefined) return isLoopbackUrl(url);
		let loopback = this.loopbackByPrefix.get(prefix);
		if (loopback === undefined) {
			loopback = isLoopbackUrl(prefix);
			if (this.loopbackByPrefix.size >= 64) this.loopbackByPrefix.clear();
			this.loopbackByPrefix.set(prefix, loopback);
		}
		return loopback;
	}

	private createProxied(): Dispatcher {
		const proxyUrl = this.options.proxy?.url?.trim();
		const noProxy = this.options.proxy?.noProxy?.filter(Boolean).join(',');
		const timeout = this.options.timeoutMs;
		try {
			return new EnvHttpProxyAgent({
				...(proxyUrl ? { httpProxy: proxyUrl, httpsProxy: proxyUrl } : {}),
				...(noProxy ? { noProxy } : {}),
				...this.agentOptions(),
				// The proxy connection does not inherit the options above: without these, connecting to
				// the proxy, its answer to CONNECT and the TLS handshake through the tunnel each wait
				// undici's defaults (up to 300 s).
				proxyTls: { timeout },
				requestTls: { timeout },
				clientFactory: (origin, opts) => new Pool(origin, { ...opts, headersTimeout: timeout, bodyTimeout: timeout }),
			});
		} catch {
			throw new AdobeApiError(
				'The proxy (the http.proxy setting, or HTTPS_PROXY / HTTP_PROXY in the environment) is not a valid URL. Correct it or clear it.',
				{
					kind: 'config',
					setting: 'http.proxy',
				},
			);
		}
	}

	private agentOptions(): Agent.Options {
		const timeout = this.options.timeoutMs;
		return { headersTimeout: timeout, bodyTimeout: timeout, connect: { timeout } };
	}

	/** The URL for the log; a URL a request file or a server named (`target`) without its query, which may carry a signature. */
	private describe(req: HttpRequest): string {
		const url = req.target ? withoutQuery(req.url, true) : req.url;
		return redact(url, req.secrets);
	}

	private cancelled(service: AdobeService): AdobeApiError {
		return new AdobeApiError(`The request to ${SERVICE_NAMES[service]} was cancelled.`, { kind: 'cancelled', service });
	}

	private mapFailure(
		req: Pick<HttpRequest, 'service' | 'target' | 'url' | 'secrets' | 'method'>,
		error: unknown,
		stopped: StopReason | undefined,
		transfer: Transfer = 'download',
	): AdobeApiError {
		const service = req.service;
		const name = req.target ?? SERVICE_NAMES[service];
		const title = req.target ?? SERVICE_TITLES[service];
		const setting = req.target ? undefined : SERVICE_SETTINGS[service];
		const check = setting ? `Check the ${setting} setting` : 'Check the URL';
		const code = errorCode(error);
		// In seconds, like the setting to raise.
		const seconds = `${Math.round(this.options.timeoutMs / 100) / 10} s`;
		const timeoutSetting = Settings.requestTimeoutSeconds;
		if (stopped === 'cancelled') return this.cancelled(service);
		if (stopped === 'stalled' || stopped === 'deadline') {
			const what = transfer === 'upload' ? `The upload to ${name}` : `The download from ${name}`;
			const after = transfer === 'upload' ? ' Nothing was saved;' : transfer === 'download' ? ' The partial file was removed;' : '';
			if (stopped === 'stalled') {
				const idle = transfer === 'upload' ? `no data was accepted for ${seconds}` : `no data arrived for ${seconds}`;
				return new AdobeApiError(`${what} stalled: ${idle}.${after} ${after ? 'try' : 'Try'} again, or raise ${timeoutSetting}.`, {
					kind: 'timeout',
					service,
					setting: timeoutSetting,
				});
			}
			const deadline = formatDuration(this.options.downloadDeadlineMs ?? DOWNLOAD_DEADLINE_MS);
			return new AdobeApiError(
				`${what} did not finish within ${deadline}.${after} ${after ? 'try' : 'Try'} again on a faster connection.`,
				{
					kind: 'timeout',
					service,
				},
			);
		}
		if (
			stopped === 'timeout' ||
			code === 'UND_ERR_HEADERS_TIMEOUT' ||
			code === 'UND_ERR_BODY_TIMEOUT' ||
			code === 'UND_ERR_CONNECT_TIMEOUT'
		) {
			return new AdobeApiError(`${title} did not answer within ${seconds}. Try again, or raise ${timeoutSetting}.`, {
				kind: 'timeout',
				service,
				setting: timeoutSetting,
			});
		}
		const host = safeHost(req.url);
		if (code === 'ECONNREFUSED') {
			return new AdobeApiError(`Cannot reach ${name} at ${host}: the connection was refused. ${check} and your network.`, {
				kind: 'network',
				service,
				setting,
				network: 'refused',
			});
		}
		if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
			return new AdobeApiError(`Cannot reach ${name}: the host ${host} was not found. ${check}, your network and proxy.`, {
				kind: 'network',
				service,
				setting,
				network: 'dns',
			});
		}
		if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'UND_ERR_CLOSED' || code === 'EPIPE') {
			return new AdobeApiError(
				`${title} closed the connection before the response was complete. Try again; if it keeps happening, check your network or proxy.`,
				{ kind: 'network', service, setting, network: 'reset' },
			);
		}
		const reason = redact(error instanceof Error ? error.message : String(error), req.secrets);
		if (code !== undefined && isTlsErrorCode(code)) {
			return new AdobeApiError(
				`Cannot reach ${name} at ${host}: the TLS (HTTPS) handshake failed (${code}). ${check}, and any proxy or firewall that inspects HTTPS.`,
				{
					kind: 'network',
					service,
					setting,
					network: 'tls',
				},
			);
		}
		// undici's ProxyAgent: "Proxy response (407) !== 200 when HTTP Tunneling" (lib/dispatcher/proxy-agent.js).
		const proxyAnswer = /^Proxy response \((\d{3})\)/.exec(reason)?.[1];
		if (proxyAnswer !== undefined) {
			return new AdobeApiError(
				`Cannot reach ${name} at ${host}: the proxy refused to connect to it (HTTP ${proxyAnswer}). Check VS Code's http.proxy setting (or HTTPS_PROXY) and the proxy's credentials.`,
				{
					kind: 'network',
					service,
					setting: 'http.proxy',
					network: 'proxy',
				},
			);
		}
		return new AdobeApiError(`Cannot reach ${name} at ${host}: ${reason}. ${check}, your network and proxy.`, {
			kind: 'network',
			service,
			setting,
		});
	}
}

/**
 * One request's lifetime: it ends on the caller's Cancel or when one of its timers fires, and
 * remembers which. undici does not always see an abort (a request queued behind a proxy's CONNECT
 * ignores it until the tunnel is up), so `race` rejects at once instead of waiting for undici.
 *
 * The attempt is itself the signal undici listens to: undici takes an EventEmitter with `aborted` and
 * `reason` as a request's signal (lib/api/abort-signal.js, lib/core/util.js addAbortListener), and one
 * costs a small fraction of an AbortController's signal, which was the largest single cost of a request
 * in a run of a request file (npm run bench). A real AbortSignal is made only for what needs one
 * (`abortSignal`: stream.pipeline).
 */
class Attempt extends EventEmitter {
	/** Read by undici, with `reason`, when the request starts and when 'abort' is emitted. */
	aborted = false;
	reason: Error | undefined;
	stopped: StopReason | undefined;
	private controller: AbortController | undefined;
	/** The armed timers by reason (a plain object: a Map per request cost more than the rest of the attempt). */
	private readonly timers: Partial<Record<StopReason, ReturnType<typeof setTimeout>>> = {};
	private readonly onCancel: (() => void) | undefined;

	constructor(private readonly caller: AbortSignal | undefined) {
		super();
		if (!caller) return;
		if (caller.aborted) this.stop('cancelled');
		else caller.addEventListener('abort', (this.onCancel = () => this.stop('cancelled')), { once: true });
	}

	/** An AbortSignal aborted when the attempt ends, for APIs that take only those. */
	get abortSignal(): AbortSignal {
		if (!this.controller) {
			this.controller = new AbortController();
			if (this.aborted) this.controller.abort(this.reason);
		}
		return this.controller.signal;
	}

	/** (Re)starts the timer that ends the attempt with `reason` after `ms`. */
	arm(reason: StopReason, ms: number): void {
		this.disarm(reason);
		this.timers[reason] = setTimeout(() => this.stop(reason), ms);
	}

	disarm(reason: StopReason): void {
		const timer = this.timers[reason];
		if (timer === undefined) return;
		clearTimeout(timer);
		this.timers[reason] = undefined;
	}

	/** Settles like `work`, or rejects as soon as the attempt ends, whichever comes first. */
	race<T>(work: Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			const onStop = () => reject(this.reason);
			// `on`, not `once` (which wraps the listener): 'abort' is emitted at most once, and the listener is removed when the work settles.
			if (this.aborted) onStop();
			else this.on('abort', onStop);
			work.then(
				(value) => {
					this.removeListener('abort', onStop);
					resolve(value);
				},
				(error: unknown) => {
					this.removeListener('abort', onStop);
					reject(error);
				},
			);
		});
	}

	dispose(): void {
		for (const reason in this.timers) this.disarm(reason as StopReason);
		if (this.onCancel) this.caller?.removeEventListener('abort', this.onCancel);
	}

	private stop(reason: StopReason): void {
		if (this.stopped) return;
		this.stopped = reason;
		this.aborted = true;
		this.reason = new Error(`request ${reason}`);
		this.controller?.abort(this.reason);
		this.emit('abort');
	}
}

/**
 * Buffers a body up to `limit` bytes, or returns undefined (and destroys the body) as soon as it
 * is clear that it will not fit: at once when content-length says so, else when the count passes.
 */
async function readCapped(body: Dispatcher.ResponseData['body'], limit: number, declared: number | undefined): Promise<Buffer | undefined> {
	if (declared !== undefined && declared > limit) {
		body.destroy();
		return undefined;
	}
	// Events rather than `for await`: an async iterator per answer cost more than the rest of the read.
	return new Promise<Buffer | undefined>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		body.on('data', (chunk: Buffer) => {
			if (size > limit) return;
			size += chunk.length;
			if (size > limit) {
				body.destroy();
				resolve(undefined);
				return;
			}
			chunks.push(chunk);
		});
		body.once('end', () => resolve(Buffer.concat(chunks, size)));
		body.once('error', reject);
	});
}

/** A content-length as a byte count, or undefined unless it is plain digits within a safe integer. */
export function parseContentLength(value: string | string[] | undefined): number | undefined {
	if (typeof value !== 'string' || !/^\d{1,16}$/.test(value.trim())) return undefined;
	const bytes = Number(value.trim());
	return Number.isSafeInteger(bytes) ? bytes : undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients must accept. */
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/** An HTTP-date as epoch milliseconds, or undefined for anything else (including impossible dates). */
export function parseHttpDate(value: string, now: number): number | undefined {
	let fields: { day: string; month: string; year: number; time: string[] } | undefined;
	let match = IMF_FIXDATE.exec(value);
	if (match) fields = { day: match[1], month: match[2], year: Number(match[3]), time: match.slice(4, 7) };
	else if ((match = RFC850_DATE.exec(value))) {
		// A two-digit year more than 50 years ahead is the most recent such year in the past.
		const thisYear = new Date(now).getUTCFullYear();
		let year = thisYear - (thisYear % 100) + Number(match[3]);
		if (year > thisYear + 50) year -= 100;
		fields = { day: match[1], month: match[2], year, time: match.slice(4, 7) };
	} else if ((match = ASCTIME_DATE.exec(value))) {
		fields = { day: match[2], month: match[1], year: Number(match[6]), time: match.slice(3, 6) };
	}
	if (!fields) return undefined;
	const [hours, minutes, seconds] = fields.time.map(Number);
	const day = Number(fields.day.trim());
	const month = MONTHS.indexOf(fields.month);
	const date = new Date(Date.UTC(fields.year, month, day, hours, minutes, seconds));
	// Date.UTC rolls 31 Feb over into March and 25:00 into the next day; an HTTP-date must not.
	const exact =
		date.getUTCDate() === day &&
		date.getUTCMonth() === month &&
		date.getUTCHours() === hours &&
		date.getUTCMinutes() === minutes &&
		date.getUTCSeconds() === seconds;
	return exact ? date.getTime() : undefined;
}

/**
 * Reads `Retry-After` (RFC 9110 §10.2.3: delta-seconds or an HTTP-date) as milliseconds to wait,
 * between 0 and MAX_RETRY_AFTER_MS; undefined for anything else, so a garbled header never means
 * "retry at once".
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	const trimmed = value?.trim();
	if (!trimmed) return undefined;
	if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
	const date = parseHttpDate(trimmed, now);
	return date === undefined ? undefined : Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

/** "0.6 s", "90 s", "30 min". */
export function formatDuration(ms: number): string {
	return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 100) / 10} s`;
}

function isLoopbackUrl(url: string): boolean {
	try {
		return isLoopbackHost(new URL(url).hostname);
	} catch {
		return false;
	}
}

/** `http(s)://` and an authority without userinfo or backslash, followed by `/`, `?`, `#` or the end (HttpClient.isLoopback). */
const PLAIN_AUTHORITY = /^https?:\/\/[^/\\?#@]+(?=[/?#]|$)/i;

/** Decodes whole bodies (never a stream), so one decoder serves every answer. */
const UTF8 = new TextDecoder();

/** The last content type asked about and its answer: a run of requests asks about the same one again and again. */
let lastContentType: { type: string; textual: boolean } | undefined;

/** JSON, XML, form and text answers are read as text; anything else (images, archives) as bytes. */
function isTextual(contentType: string | undefined): boolean {
	if (!contentType) return true;
	if (lastContentType?.type !== contentType) lastContentType = { type: contentType, textual: classify(contentType) };
	return lastContentType.textual;
}

function classify(contentType: string): boolean {
	const type = contentType.split(';')[0].trim().toLowerCase();
	return (
		type.startsWith('text/') ||
		/[/+](json|xml|yaml|jwt)$/.test(type) ||
		['application/x-www-form-urlencoded', 'application/javascript', 'application/x-ndjson', 'application/x-yaml'].includes(type)
	);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const result: Record<string, string> = {};
	// for…in rather than Object.entries: no array of pairs per answer.
	for (const key in headers) {
		if (!Object.hasOwn(headers, key)) continue;
		const value = headers[key];
		if (value !== undefined) result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return result;
}

/**
 * OpenSSL's and Node's codes for a failed TLS handshake: a certificate that is expired, self-signed
 * or for another host (what an HTTPS-inspecting proxy presents), or a server that does not speak TLS.
 */
function isTlsErrorCode(code: string): boolean {
	return /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_(GET|VERIFY)_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|EPROTO$|HOSTNAME_MISMATCH$)/.test(
		code,
	);
}

/** undici nests the system error (ECONNREFUSED, …) in `cause`; look at both levels. */
function errorCode(error: unknown): string | undefined {
	for (let current = error, depth = 0; current && depth < 4; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string') return code;
		const errors = (current as { errors?: unknown[] }).errors;
		if (Array.isArray(errors) && errors.length > 0) current = errors[0];
		else current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function safeHost(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'the configured address';
	}
}

/** Drops an answer's body unread; undici's abort error on it has nowhere to go but here. */
function discard(body: Dispatcher.ResponseData['body']): void {
	body.on('error', () => undefined);
	body.destroy();
}

/** A Buffer as 64 KiB views (no copies), so a block's progress and stall timer move as the network takes it. */
function* slices(buffer: Buffer): Generator<Buffer> {
	for (let at = 0; at < buffer.length; at += 64 * 1024) yield buffer.subarray(at, at + 64 * 1024);
}

/** A URL's query string (and its decoded parameter values), registered as secrets: a pre-signed URL's signature lives there. */
function queryOf(url: string): string[] {
	try {
		const parsed = new URL(url);
		if (!parsed.search) return [];
		return [parsed.search.slice(1), ...[...parsed.searchParams.values()].filter((value) => value.length >= 8)];
	} catch {
		return [];
	}
}

function tooLarge(service: AdobeService, maxBytes: number, size?: number): AdobeApiError {
	const actual = size !== undefined ? ` (${formatBytes(size, LIMIT_FORMAT)})` : '';
	return new AdobeApiError(
		`The file${actual} is larger than ${formatBytes(maxBytes, LIMIT_FORMAT)}, the most that is read into memory here; it was not read. Download it to disk instead.`,
		{ kind: 'badResponse', service, code: 'too_large' },
	);
}
