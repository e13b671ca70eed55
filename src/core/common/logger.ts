/** The logging the core needs; the extension adapts a LogOutputChannel to it, tests record it. */
export interface Logger {
	trace(message: string): void;
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
	/**
	 * Whether lines of `level` are written; a hot path (one line per request) skips building a line
	 * nobody reads. Absent: every level is.
	 */
	enabled?(level: LogLevel): boolean;
}

/** Log levels, most verbose first. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const silentLogger: Logger = {
	trace: () => undefined,
	debug: () => undefined,
	info: () => undefined,
	warn: () => undefined,
	error: () => undefined,
	enabled: () => false,
};

/**
 * A Logger writing `[level] message` lines (each through `redact`) for `minimum` and the levels above
 * it: the MCP server's and the command-line runner's stderr. `minimum` is ADOBE_LOG_LEVEL as written;
 * `fallback` applies when it is unset or unknown.
 */
export function levelLogger(
	minimum: string | undefined,
	fallback: LogLevel,
	write: (line: string) => void,
	redact: (text: string) => string,
): Logger {
	const asked = LOG_LEVELS.indexOf((minimum ?? '').trim().toLowerCase() as LogLevel);
	const floor = asked === -1 ? LOG_LEVELS.indexOf(fallback) : asked;
	const enabled = (level: LogLevel) => LOG_LEVELS.indexOf(level) >= floor;
	const at = (level: LogLevel) => (message: string) => {
		if (enabled(level)) write(`[${level}] ${redact(message)}\n`);
	};
	return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), enabled };
}

/** Wall clock and timers, injectable so token expiry, backoff and refresh can be tested without waiting. */
export interface Clock {
	now(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	/** Calls `fn` once after `ms`; the returned function cancels it. */
	setTimer(fn: () => void, ms: number): () => void;
}

/**
 * A timer due at a wall-clock time: it waits in hops of at most `hopMs` and compares `now()` with the
 * due time after each, because setTimeout's clock stops while the machine sleeps (one long timeout
 * set before a night's sleep would fire hours late). Returns the function that cancels it.
 */
export function wallClockTimer(fn: () => void, ms: number, now: () => number = Date.now, hopMs = 60_000): () => void {
	const due = now() + ms;
	let timer: ReturnType<typeof setTimeout>;
	const arm = () => {
		const wait = Math.max(0, due - now());
		timer = wait > hopMs ? setTimeout(arm, hopMs) : setTimeout(fn, wait);
	};
	arm();
	return () => clearTimeout(timer);
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: (ms, signal) =>
		new Promise<void>((resolve, reject) => {
			if (signal?.aborted) return reject(signal.reason);
			const timer = setTimeout(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			}, ms);
			const onAbort = () => {
				clearTimeout(timer);
				reject(signal?.reason);
			};
			signal?.addEventListener('abort', onAbort, { once: true });
		}),
	setTimer: (fn, ms) => wallClockTimer(fn, ms),
};
