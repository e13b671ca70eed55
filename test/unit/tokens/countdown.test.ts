import * as assert from 'node:assert/strict';
import { describeCountdown, formatCountdown, msUntilTextChanges, tokenSummary } from '../../../src/core/tokens/countdown';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe('status-bar countdown', () => {
	it('shows hours and minutes while more than an hour is left', () => {
		assert.equal(formatCountdown(24 * H - 1), '23h 59m');
		assert.equal(formatCountdown(23 * H + 59 * M + 59 * S), '23h 59m');
		assert.equal(formatCountdown(H + 5 * M), '1h 05m');
		assert.equal(formatCountdown(H), '1h 00m');
	});

	it('switches to mm:ss in the last hour and says expired at zero', () => {
		assert.equal(formatCountdown(H - 1), '59:59');
		assert.equal(formatCountdown(5 * M + 7 * S), '05:07');
		assert.equal(formatCountdown(999), '00:00');
		assert.equal(formatCountdown(0), 'expired');
		assert.equal(formatCountdown(-5 * S), 'expired');
	});

	it("sums up a token's state in one phrase", () => {
		assert.equal(tokenSummary(undefined, 0), 'no token');
		assert.equal(tokenSummary({ expiresAt: 2 * H }, 0), 'valid for 2h 00m');
		assert.equal(tokenSummary({ expiresAt: 5 * S }, 0), 'valid for 00:05');
		assert.equal(tokenSummary({ expiresAt: 0 }, 0), 'expired');
	});

	it('describes the time in words for screen readers', () => {
		assert.equal(describeCountdown(23 * H + 59 * M), '23 hours 59 minutes');
		assert.equal(describeCountdown(H + M), '1 hour 1 minute');
		assert.equal(describeCountdown(4 * M + 5 * S), '4 minutes 5 seconds');
		assert.equal(describeCountdown(0), 'expired');
	});

	it('wakes exactly when the text changes: minutely above an hour, then every second', () => {
		const cases: Array<[number, number | undefined]> = [
			[2 * H + 30 * M + 15 * S, 15 * S + 1],
			[2 * H, 1],
			[H + 20 * S, 20 * S + 1],
			[H, 1],
			[H - 1, 1000],
			[10 * M + 500, 501],
			[400, 400],
			[0, undefined],
		];
		for (const [remaining, expected] of cases) {
			assert.equal(msUntilTextChanges(remaining), expected, `remaining ${remaining} ms`);
			if (expected !== undefined) {
				assert.equal(formatCountdown(remaining - expected + 1), formatCountdown(remaining), 'unchanged just before the wake-up');
				assert.notEqual(formatCountdown(remaining - expected), formatCountdown(remaining), 'changed at the wake-up');
			}
		}
	});

	it("ticks 60 times in the last hour's first minute but only 23 times over the 23 hours before it", () => {
		let remaining = 24 * H;
		let ticks = 0;
		while (remaining > H) {
			remaining -= msUntilTextChanges(remaining) ?? 0;
			ticks++;
		}
		assert.ok(ticks <= 23 * 60 + 1, `${ticks} wake-ups for 23 hours`);
		let lastMinute = 0;
		const start = remaining;
		while (remaining > start - M) {
			remaining -= msUntilTextChanges(remaining) ?? 0;
			lastMinute++;
		}
		assert.equal(lastMinute, 60);
	});
});
