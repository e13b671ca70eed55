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

/** setTimeout's limit (about 24.8 days); longer waits are done in hops. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
	setTimer: (fn, ms) => {
		const due = Date.now() + ms;
		let timer: ReturnType<typeof setTimeout>;
		const arm = () => {
			const wait = Math.max(0, due - Date.now());
			timer = setTimeout(wait > MAX_TIMER_MS ? arm : fn, Math.min(wait, MAX_TIMER_MS));
		};
		arm();
		return () => clearTimeout(timer);
	},
};
