/**
 * The status bar's countdown text, and when it next changes. "23h 59m" while more than an hour is
 * left, "59:59" in the last hour. The timer wakes only when the text would change: once a minute,
 * then once a second in the last hour.
 */
import { formatDuration } from '../common/format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export function formatCountdown(remainingMs: number): string {
	if (remainingMs <= 0) return 'expired';
	if (remainingMs >= HOUR) {
		const totalMinutes = Math.floor(remainingMs / MINUTE);
		return `${Math.floor(totalMinutes / 60)}h ${String(totalMinutes % 60).padStart(2, '0')}m`;
	}
	const totalSeconds = Math.floor(remainingMs / SECOND);
	return `${String(Math.floor(totalSeconds / 60)).padStart(2, '0')}:${String(totalSeconds % 60).padStart(2, '0')}`;
}

/** One phrase for a token's state, shared by the explorer, pickers and menus: "valid for 23h 59m", "expired", "no token". */
export function tokenSummary(token: { expiresAt: number } | undefined, now: number): string {
	if (!token) return 'no token';
	const remaining = token.expiresAt - now;
	return remaining > 0 ? `valid for ${formatCountdown(remaining)}` : 'expired';
}

/** Words for screen readers: "23 hours 59 minutes", "4 minutes 5 seconds". */
export function describeCountdown(remainingMs: number): string {
	return remainingMs > 0 ? formatDuration(remainingMs, true) : 'expired';
}

/**
 * Milliseconds until formatCountdown shows something else; undefined once expired. Both units are
 * floored, so the text changes 1 ms after `remaining` passes a whole minute (second, in the last
 * hour); the hour-to-"59:59" switch falls out of the same rule.
 */
export function msUntilTextChanges(remainingMs: number): number | undefined {
	if (remainingMs <= 0) return undefined;
	if (remainingMs < SECOND) return remainingMs; // "00:00" lasts until "expired" at zero
	const unit = remainingMs >= HOUR ? MINUTE : SECOND;
	return (remainingMs % unit) + 1;
}
