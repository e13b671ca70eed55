import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { AdobeEmulator, EmulatorOptions } from '../emulator/server';
import { formatViolations } from '../emulator/contract';
import { AdobeApiError, isAdobeApiError } from '../../src/core/common/errors';
import { Clock } from '../../src/core/common/logger';
import { AdobeClients, createAdobeClients } from '../../src/core/clients';

export { DEMO_CLIENTS } from '../emulator/server';

/**
 * A running emulator per suite, reset between tests, in contract mode unless told otherwise: a
 * test that leaves a violation of Adobe's Cloud Storage spec behind fails (a test that provokes
 * one on purpose takes it with `takeViolations()`).
 */
export function useEmulator(options: EmulatorOptions = {}): { emulator: AdobeEmulator } {
	const holder = { emulator: new AdobeEmulator({ contract: true, ...options }) };
	before(async () => {
		await holder.emulator.start();
	});
	afterEach(function () {
		holder.emulator.reset();
		assertNoViolations(holder.emulator, this.currentTest?.fullTitle() ?? 'the last test');
	});
	after(async () => {
		await holder.emulator.stop();
	});
	return holder;
}

/** Fails, listing them, if the emulator saw traffic that breaks Adobe's Cloud Storage spec. */
function assertNoViolations(emulator: AdobeEmulator, during: string): void {
	const violations = emulator.takeViolations();
	assert.deepEqual(violations, [], `${during} broke Adobe's Cloud Storage contract:\n${formatViolations(violations)}`);
}

/**
 * A clock whose time moves only when told: sleeps return at once (and are recorded), timers fire
 * when advance() passes their due time.
 */
export class FakeClock implements Clock {
	readonly sleeps: number[] = [];
	private timers: Array<{ due: number; fn: () => void; id: number }> = [];
	private nextId = 0;
	constructor(public time = Date.parse('2026-11-23T12:00:00Z')) {}
	now(): number {
		return this.time;
	}
	async sleep(ms: number): Promise<void> {
		this.sleeps.push(ms);
		this.time += ms;
	}
	setTimer(fn: () => void, ms: number): () => void {
		const id = this.nextId++;
		this.timers.push({ due: this.time + ms, fn, id });
		return () => {
			this.timers = this.timers.filter((t) => t.id !== id);
		};
	}
	/** Due times of the pending timers, soonest first. */
	pending(): number[] {
		return this.timers.map((t) => t.due).sort((a, b) => a - b);
	}
	/** Moves time forward, firing due timers in order and letting their promise chains settle. */
	async advance(ms: number): Promise<void> {
		const end = this.time + ms;
		for (;;) {
			const next = this.timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due)[0];
			if (!next) break;
			this.timers = this.timers.filter((t) => t !== next);
			this.time = Math.max(this.time, next.due);
			next.fn();
			await settle();
		}
		this.time = end;
		await settle();
	}
}

/** Lets pending promise callbacks and I/O callbacks run. */
export async function settle(): Promise<void> {
	for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export interface RecordedLog {
	lines: string[];
}

export function clientsFor(
	emulator: AdobeEmulator,
	options: { timeoutMs?: number; clock?: Clock; proxy?: { url?: string; noProxy?: string[] } } = {},
): AdobeClients & RecordedLog {
	const lines: string[] = [];
	const record = (level: string) => (message: string) => lines.push(`${level} ${message}`);
	const clients = createAdobeClients({
		endpoints: emulator.endpoints,
		timeoutMs: options.timeoutMs ?? 5000,
		clock: options.clock,
		proxy: options.proxy,
		logger: { trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
	});
	return Object.assign(clients, { lines });
}

/** Runs `fn`, expects it to throw an AdobeApiError of `kind`, and returns its message. */
export function thrownMessage(kind: AdobeApiError['kind'], fn: () => unknown): string {
	try {
		fn();
	} catch (error) {
		assert.ok(isAdobeApiError(error), `expected an AdobeApiError, got ${String(error)}`);
		assert.equal(error.kind, kind);
		return error.message;
	}
	assert.fail(`expected a ${kind} error`);
}

/** Awaits a rejection with an AdobeApiError and returns it for further checks. */
export async function rejection(promise: Promise<unknown>): Promise<AdobeApiError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(isAdobeApiError(error), `expected an AdobeApiError, got ${String(error)}`);
		return error;
	}
	assert.fail('expected the promise to reject');
}

/** Asserts that nothing a user or log could see contains any of the given values. */
export function assertNoLeak(values: string[], ...texts: unknown[]): void {
	for (const text of texts) {
		const rendered =
			typeof text === 'string'
				? text
				: text instanceof Error
					? `${text.message}\n${text.stack}\n${JSON.stringify(text)}`
					: JSON.stringify(text);
		for (const value of values) assert.ok(!rendered.includes(value), `a secret value leaked into: ${rendered.slice(0, 200)}`);
	}
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
