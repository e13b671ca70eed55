/** The logging the core needs; the extension adapts a LogOutputChannel to it, tests record it. */
export interface Logger {
	trace(message: string): void;
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}

export const silentLogger: Logger = {
	trace: () => undefined,
	debug: () => undefined,
	info: () => undefined,
	warn: () => undefined,
	error: () => undefined,
};

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
