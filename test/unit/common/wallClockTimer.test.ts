/** Timers due at a wall-clock time, across a machine's sleep (when setTimeout's clock stops). */
import * as assert from 'node:assert/strict';
import { wallClockTimer } from '../../../src/core/common/logger';

const HOUR = 3_600_000;

describe('wallClockTimer', () => {
	it('fires within one hop once the wall clock passes the due time, however long the wait was', async () => {
		let wall = 0;
		let checks = 0;
		let onCheck: (() => void) | undefined;
		const now = () => {
			checks++;
			onCheck?.();
			return wall;
		};
		let fired = false;
		const firedPromise = new Promise<void>((resolve) =>
			wallClockTimer(
				() => {
					fired = true;
					resolve();
				},
				10 * HOUR,
				now,
				5,
			),
		);
		// Some hops pass while the machine is awake: nothing fires early.
		await new Promise<void>((resolve) => (onCheck = () => checks >= 4 && resolve()));
		onCheck = undefined;
		assert.equal(fired, false);
		// The machine slept through the night: the wall clock jumped past the due time.
		wall = 10 * HOUR + 1;
		await firedPromise;
		assert.equal(fired, true);
	});

	it('is cancelled by the function it returns, after any number of hops', async () => {
		let wall = 0;
		let hops = 0;
		let thirdHop: () => void = () => undefined;
		const hopped = new Promise<void>((resolve) => (thirdHop = resolve));
		let fired = false;
		const cancel = wallClockTimer(
			() => (fired = true),
			HOUR,
			() => {
				if (++hops === 3) thirdHop();
				return wall;
			},
			5,
		);
		await hopped;
		cancel();
		wall = 2 * HOUR;
		// Proving that nothing happens needs a wait: five hops' worth, after which an uncancelled timer has fired.
		await new Promise((resolve) => setTimeout(resolve, 25));
		assert.equal(fired, false);
		assert.equal(hops, 3, 'no hop ran after cancel');
	});
});
