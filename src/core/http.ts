/**
 * The one place that talks HTTP: undici with a per-request timeout, caller cancellation, proxy
 * support, optional retry with backoff, request logging, and undici's failures turned into
 * AdobeApiErrors a person can act on. It never throws for an HTTP status: callers map those.
 */
import { Dispatcher, EnvHttpProxyAgent, request } from 'undici';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { AdobeApiError, AdobeService, SERVICE_NAMES, SERVICE_SETTINGS, SERVICE_TITLES, isAdobeApiError } from './errors';
import { Clock, Logger, silentLogger, systemClock } from './logger';
import { redact } from './redact';

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
}

export interface RetryPolicy {
	/** Further attempts after the first. */
	retries: number;
	/** First backoff delay; doubles on each retry. */
	baseDelayMs: number;
	/** Upper bound on any one wait, including one asked for by Retry-After. */
	maxDelayMs: number;
}

export interface HttpRequest {
	service: AdobeService;
	method: 'GET' | 'POST';
	url: string;
	headers?: Record<string, string>;
	body?: string;
	signal?: AbortSignal;
	/** Retry transient failures (429, 502/503/504, broken connections). Only for idempotent calls. */
	retry?: RetryPolicy;
	/** Values to scrub from anything logged about this request. */
	secrets?: string[];
	/** Read the body as bytes (images) instead of text. */
	binary?: boolean;
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

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export class HttpClient {
	private readonly dispatcher: Dispatcher;
	private readonly logger: Logger;
	private readonly clock: Clock;

	constructor(private readonly options: HttpClientOptions) {
		this.logger = options.logger ?? silentLogger;
		this.clock = options.clock ?? systemClock;
		const proxyUrl = options.proxy?.url?.trim();
		const noProxy = options.proxy?.noProxy?.filter(Boolean).join(',');
		this.dispatcher = new EnvHttpProxyAgent({
			...(proxyUrl ? { httpProxy: proxyUrl, httpsProxy: proxyUrl } : {}),
			...(noProxy ? { noProxy } : {}),
			headersTimeout: options.timeoutMs,
			bodyTimeout: options.timeoutMs,
			connect: { timeout: options.timeoutMs },
		});
	}

	get timeoutMs(): number {
		return this.options.timeoutMs;
	}

	async close(): Promise<void> {
		await this.dispatcher.close();
	}

	/** Sends the request, retrying per `req.retry`. Resolves with any HTTP status; rejects with AdobeApiError. */
	async send(req: HttpRequest): Promise<HttpResponse> {
		const policy = req.retry;
		for (let attempt = 0; ; attempt++) {
			let response: HttpResponse | undefined;
			let failure: AdobeApiError | undefined;
			try {
				response = await this.sendOnce(req);
			} catch (error) {
				failure = error as AdobeApiError;
			}
			const transient = response ? RETRYABLE_STATUSES.has(response.status) : failure?.kind === 'network';
			if (!policy || attempt >= policy.retries || !transient) {
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
	 */
	async download(
		req: Pick<HttpRequest, 'service' | 'url' | 'signal' | 'secrets'>,
		destination: string,
		onProgress?: (received: number, total?: number) => void,
	): Promise<{ bytes: number; status: number }> {
		const partial = `${destination}.part`;
		const started = performance.now();
		try {
			const res = await request(req.url, { method: 'GET', signal: req.signal, dispatcher: this.dispatcher, headers: { 'user-agent': this.options.userAgent ?? 'adobe-api-toolkit' } });
			if (res.statusCode !== 200) {
				await res.body.dump();
				throw new AdobeApiError(`${SERVICE_TITLES[req.service]} refused the download (HTTP ${res.statusCode}); the link may have expired. Try again.`, {
					kind: 'http',
					service: req.service,
					status: res.statusCode,
				});
			}
			const total = Number(res.headers['content-length']) || undefined;
			let received = 0;
			res.body.on('data', (chunk: Buffer) => {
				received += chunk.length;
				onProgress?.(received, total);
			});
			await pipeline(res.body, createWriteStream(partial));
			await rename(partial, destination);
			this.logger.info(`[http] GET ${redact(req.url.split('?')[0], req.secrets)} → 200, ${received} bytes in ${Math.round(performance.now() - started)} ms`);
			return { bytes: received, status: res.statusCode };
		} catch (error) {
			await rm(partial, { force: true });
			if (isAdobeApiError(error)) throw error;
			throw this.mapFailure({ ...req, method: 'GET' }, error, false);
		}
	}

	private async sendOnce(req: HttpRequest): Promise<HttpResponse> {
		if (req.signal?.aborted) throw this.cancelled(req.service);
		const timeout = AbortSignal.timeout(this.options.timeoutMs);
		const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
		const started = performance.now();
		try {
			const res = await request(req.url, {
				method: req.method,
				headers: {
					'user-agent': this.options.userAgent ?? 'adobe-api-toolkit',
					...req.headers,
				},
				body: req.body,
				signal,
				dispatcher: this.dispatcher,
			});
			const ok = res.statusCode >= 200 && res.statusCode < 300;
			const bytes = req.binary && ok ? Buffer.from(await res.body.arrayBuffer()) : undefined;
			const text = bytes ? '' : await res.body.text(); // an error answer is read as text even for binary requests
			const headers = flattenHeaders(res.headers);
			const durationMs = Math.round(performance.now() - started);
			const requestId = headers['x-request-id'];
			this.logger.info(
				`[http] ${req.method} ${this.describe(req)} → ${res.statusCode} in ${durationMs} ms${requestId ? ` (request id ${requestId})` : ''}`,
			);
			return { status: res.statusCode, headers, text, bytes, requestId, durationMs };
		} catch (error) {
			const mapped = this.mapFailure(req, error, timeout.aborted && !req.signal?.aborted);
			this.logger.warn(`[http] ${req.method} ${this.describe(req)} failed after ${Math.round(performance.now() - started)} ms: ${mapped.message}`);
			throw mapped;
		}
	}

	private describe(req: HttpRequest): string {
		return redact(req.url, req.secrets);
	}

	private cancelled(service: AdobeService): AdobeApiError {
		return new AdobeApiError(`The request to ${SERVICE_NAMES[service]} was cancelled.`, { kind: 'cancelled', service });
	}

	private mapFailure(req: HttpRequest, error: unknown, timedOut: boolean): AdobeApiError {
		const service = req.service;
		const name = SERVICE_NAMES[service];
		const setting = SERVICE_SETTINGS[service];
		const code = errorCode(error);
		const seconds = Math.round(this.options.timeoutMs / 100) / 10;
		if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
			return new AdobeApiError(
				`${SERVICE_TITLES[service]} did not answer within ${seconds} s. Try again, or raise adobeApi.requestTimeoutSeconds.`,
				{ kind: 'timeout', service, setting: 'adobeApi.requestTimeoutSeconds' },
			);
		}
		if (req.signal?.aborted) return this.cancelled(service);
		const host = safeHost(req.url);
		if (code === 'ECONNREFUSED') {
			return new AdobeApiError(`Cannot reach ${name} at ${host}: the connection was refused. Check the ${setting} setting and your network.`, {
				kind: 'network',
				service,
				setting,
			});
		}
		if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
			return new AdobeApiError(`Cannot reach ${name}: the host ${host} was not found. Check the ${setting} setting, your network and proxy.`, {
				kind: 'network',
				service,
				setting,
			});
		}
		if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'UND_ERR_CLOSED' || code === 'EPIPE') {
			return new AdobeApiError(
				`${SERVICE_TITLES[service]} closed the connection before the response was complete. Try again; if it keeps happening, check your network or proxy.`,
				{ kind: 'network', service, setting },
			);
		}
		const reason = redact(error instanceof Error ? error.message : String(error), req.secrets);
		return new AdobeApiError(`Cannot reach ${name} at ${host}: ${reason}. Check the ${setting} setting, your network and proxy.`, {
			kind: 'network',
			service,
			setting,
		});
	}
}

/** Reads `Retry-After` as seconds or an HTTP date; returns milliseconds to wait, or undefined. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers)) {
		if (value !== undefined) result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return result;
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
