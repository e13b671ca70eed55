/** Issue #21: {{$datetime}} and {{$localDatetime}}, as REST Client resolves them with Day.js (core/requests/datetime.ts). */
import * as assert from 'node:assert/strict';
import { addOffset, datetimeValue, formatDate } from '../../../../src/core/requests/datetime';
import { parseRequestFile } from '../../../../src/core/requests/parse';
import { resolveRequest } from '../../../../src/core/requests/resolve';
import { rejection } from '../../helpers';
import { assertLinear } from '../../linear';

// Thursday 2026-01-29 08:05:09.007 UTC.
const NOW = new Date(Date.UTC(2026, 0, 29, 8, 5, 9, 7));

/** Day.js's Z for the local zone at `date` ("+01:00"). */
function localZone(date: Date, colon = true): string {
	const offset = -Math.round(date.getTimezoneOffset() / 15) * 15;
	const sign = offset < 0 ? '-' : '+';
	const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
	const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
	return `${sign}${hours}${colon ? ':' : ''}${minutes}`;
}
const p2 = (n: number) => String(n).padStart(2, '0');

describe('request variables: $datetime and $localDatetime', () => {
	it('formats rfc1123 and iso8601 as REST Client does', () => {
		assert.equal(datetimeValue('rfc1123', NOW, true), 'Thu, 29 Jan 2026 08:05:09 GMT');
		assert.equal(datetimeValue('iso8601', NOW, true), '2026-01-29T08:05:09.007Z');
		assert.equal(
			datetimeValue('iso8601', NOW, false),
			`${NOW.getFullYear()}-${p2(NOW.getMonth() + 1)}-${p2(NOW.getDate())}T${p2(NOW.getHours())}:${p2(NOW.getMinutes())}:${p2(NOW.getSeconds())}${localZone(NOW)}`,
		);
		assert.match(datetimeValue('rfc1123', NOW, false) ?? '', /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} 2026 \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
		assert.ok(datetimeValue('rfc1123', NOW, false)?.endsWith(localZone(NOW, false)));
	});

	it("formats Day.js's tokens, and [escaped] text as written", () => {
		const format = (f: string) => formatDate(NOW, f, true);
		assert.equal(format('YYYY-MM-DD HH:mm:ss.SSS'), '2026-01-29 08:05:09.007');
		assert.equal(format('YY M D H h m s'), '26 1 29 8 8 5 9');
		assert.equal(format('MMM MMMM d dd ddd dddd'), 'Jan January 4 Th Thu Thursday');
		assert.equal(format('hh:mm A a'), '08:05 AM am');
		assert.equal(format('Z ZZ'), '+00:00 +0000');
		assert.equal(format('[YYYY] [] [unclosed YYYY'), 'YYYY [] [unclo9e4 2026', 'the letters of "unclosed" outside brackets are tokens too');
		assert.equal(format('DDDD'), '2929', 'runs longer than a token split as Day.js splits them');
		assert.equal(formatDate(new Date(Date.UTC(2026, 0, 1, 15)), 'h A', true), '3 PM');
		assert.equal(formatDate(new Date(Date.UTC(2026, 0, 1, 0)), 'h hh', true), '12 12');
	});

	it('adds offsets as Day.js does: months keep the day within the month, days move the calendar', () => {
		const iso = (d: Date) => d.toISOString();
		assert.equal(iso(addOffset(new Date(Date.UTC(2026, 0, 31)), 1, 'M', true)), '2026-02-28T00:00:00.000Z');
		assert.equal(iso(addOffset(new Date(Date.UTC(2024, 1, 29)), 1, 'y', true)), '2025-02-28T00:00:00.000Z');
		assert.equal(iso(addOffset(NOW, -1, 'Q', true)), '2025-10-29T08:05:09.007Z');
		assert.equal(iso(addOffset(NOW, 2, 'w', true)), '2026-02-12T08:05:09.007Z');
		assert.equal(iso(addOffset(NOW, -3, 'h', true)), '2026-01-29T05:05:09.007Z');
		assert.equal(iso(addOffset(NOW, 1500, 'ms', true)), '2026-01-29T08:05:10.507Z');
		assert.equal(datetimeValue("'YYYY-MM-DD' 1 d", NOW, true), '2026-01-30');
		assert.equal(datetimeValue('"DD-MM-YYYY" 1 y', NOW, true), '29-01-2027');
		assert.equal(datetimeValue('iso8601 -1 d', NOW, true), '2026-01-28T08:05:09.007Z');
	});

	it('resolves in a request with the sources clock, and names a malformed one', async () => {
		const file = parseRequestFile(
			'GET https://x.example/?d={{$datetime "YYYY-MM-DD"}}&t={{$timestamp}}&l={{$localDatetime \'YYYY\'}}\n###\nGET https://x.example/{{$datetime soon}}',
		);
		const values = { token: async () => '', clientId: async () => '', endpoint: () => '' };
		const resolved = await resolveRequest(file, file.requests[0], values, async () => {}, undefined, { now: () => NOW });
		assert.equal(resolved.url, `https://x.example/?d=2026-01-29&t=${Math.floor(NOW.getTime() / 1000)}&l=${NOW.getFullYear()}`);
		const error = await rejection(resolveRequest(file, file.requests[1], values, async () => {}));
		assert.equal(
			error.message,
			'Line 3: {{$datetime soon}} should be {{$datetime rfc1123|iso8601|"format" [offset unit]}}: a Day.js format in quotes (YYYY-MM-DD, HH:mm:ss, …) and a whole offset with a unit of ms, s, m, h, d, w, M, Q, y.',
		);
		for (const bad of ['', "''", 'iso8601 1', 'iso8601 1 fortnight', 'iso8601 1.5 d', 'rfc2822']) {
			assert.equal(datetimeValue(bad, NOW, true), undefined, bad);
		}
	});

	it('formats in linear time', async function () {
		this.timeout(60_000);
		const cases: Array<[string, (n: number) => string]> = [
			['unclosed brackets', (n) => '['.repeat(n)],
			['tokens', (n) => 'YYYY-MM-DD '.repeat(n / 11)],
			['long runs of a token letter', (n) => 'D'.repeat(n)],
		];
		for (const [name, make] of cases) await assertLinear(name, make, (format) => formatDate(NOW, format, true), 40_000);
	});
});
