/**
 * REST Client's `{{$datetime …}}` and `{{$localDatetime …}}` (README "System Variables";
 * github.com/Huachao/vscode-restclient src/utils/httpVariableProviders/systemVariableProvider.ts,
 * registerDateTimeVariable / registerLocalDateTimeVariable), without Day.js: its offsets and the format
 * tokens of its core `format()` (github.com/iamkun/dayjs src/index.js, the tokens day.js.org lists under
 * "Format"), in English, as REST Client has no locale plugin loaded.
 *
 *   {{$datetime rfc1123|iso8601|"format"|'format' [offset unit]}}   in UTC
 *   {{$localDatetime rfc1123|iso8601|"format"|'format' [offset unit]}}   in the local time zone
 *
 * rfc1123 is `Date.toUTCString()` for $datetime and `ddd, DD MMM YYYY HH:mm:ss ZZ` for $localDatetime;
 * iso8601 is `toISOString()` for $datetime and Day.js's default `YYYY-MM-DDTHH:mm:ssZ` for $localDatetime.
 * Offsets add as Day.js adds them: y and M (and Q, three months) move the calendar month and keep the
 * day within the month's length; w and d move the calendar day; h, m, s, ms add fixed lengths.
 *
 * Linear: a format is read once, left to right.
 */

export const DATETIME_UNITS = ['ms', 's', 'm', 'h', 'd', 'w', 'M', 'Q', 'y'] as const;
export type DatetimeUnit = (typeof DATETIME_UNITS)[number];

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The calendar fields of a moment, in UTC or in local time. */
interface Fields {
	y: number;
	M: number;
	D: number;
	W: number;
	H: number;
	m: number;
	s: number;
	ms: number;
	/** Minutes east of UTC. */
	offset: number;
}

function fieldsOf(date: Date, utc: boolean): Fields {
	return utc
		? {
				y: date.getUTCFullYear(),
				M: date.getUTCMonth(),
				D: date.getUTCDate(),
				W: date.getUTCDay(),
				H: date.getUTCHours(),
				m: date.getUTCMinutes(),
				s: date.getUTCSeconds(),
				ms: date.getUTCMilliseconds(),
				offset: 0,
			}
		: {
				y: date.getFullYear(),
				M: date.getMonth(),
				D: date.getDate(),
				W: date.getDay(),
				H: date.getHours(),
				m: date.getMinutes(),
				s: date.getSeconds(),
				ms: date.getMilliseconds(),
				// Day.js rounds the offset to 15 minutes (utcOffset()).
				offset: -Math.round(date.getTimezoneOffset() / 15) * 15,
			};
}

/** `date` moved by `amount` units, as Day.js's add() moves it (in UTC or local time). */
export function addOffset(date: Date, amount: number, unit: DatetimeUnit, utc: boolean): Date {
	const d = new Date(date.getTime());
	const fixed: Partial<Record<DatetimeUnit, number>> = { ms: 1, s: 1e3, m: 60e3, h: 3600e3 };
	if (fixed[unit] !== undefined) return new Date(d.getTime() + amount * (fixed[unit] as number));
	if (unit === 'd' || unit === 'w') {
		const days = amount * (unit === 'w' ? 7 : 1);
		if (utc) d.setUTCDate(d.getUTCDate() + days);
		else d.setDate(d.getDate() + days);
		return d;
	}
	const months = unit === 'y' ? 12 * amount : unit === 'Q' ? 3 * amount : amount;
	// Day.js: to the first of the target month, then the day, capped at that month's length.
	const f = fieldsOf(d, utc);
	const target = f.M + months;
	if (utc) {
		d.setUTCDate(1);
		d.setUTCMonth(target);
		const length = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
		d.setUTCDate(Math.min(f.D, length));
	} else {
		d.setDate(1);
		d.setMonth(target);
		const length = new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate();
		d.setDate(Math.min(f.D, length));
	}
	return d;
}

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');

function zone(offset: number, colon: boolean): string {
	const sign = offset < 0 ? '-' : '+';
	return `${sign}${pad(Math.floor(Math.abs(offset) / 60), 2)}${colon ? ':' : ''}${pad(Math.abs(offset) % 60, 2)}`;
}

/** The longest run of each token letter Day.js reads as one token (REGEX_FORMAT); shorter runs are tokens too. */
const TOKEN_LENGTHS: Record<string, number> = { Y: 4, M: 4, D: 2, d: 4, H: 2, h: 2, m: 2, s: 2, Z: 2, a: 1, A: 1 };

function token(t: string, f: Fields): string | undefined {
	const h12 = f.H % 12 || 12;
	switch (t) {
		case 'YY':
			return String(f.y).slice(-2);
		case 'YYYY':
			return pad(f.y, 4);
		case 'M':
			return String(f.M + 1);
		case 'MM':
			return pad(f.M + 1, 2);
		case 'MMM':
			return MONTHS[f.M].slice(0, 3);
		case 'MMMM':
			return MONTHS[f.M];
		case 'D':
			return String(f.D);
		case 'DD':
			return pad(f.D, 2);
		case 'd':
			return String(f.W);
		case 'dd':
			return WEEKDAYS[f.W].slice(0, 2);
		case 'ddd':
			return WEEKDAYS[f.W].slice(0, 3);
		case 'dddd':
			return WEEKDAYS[f.W];
		case 'H':
			return String(f.H);
		case 'HH':
			return pad(f.H, 2);
		case 'h':
			return String(h12);
		case 'hh':
			return pad(h12, 2);
		case 'a':
			return f.H < 12 ? 'am' : 'pm';
		case 'A':
			return f.H < 12 ? 'AM' : 'PM';
		case 'm':
			return String(f.m);
		case 'mm':
			return pad(f.m, 2);
		case 's':
			return String(f.s);
		case 'ss':
			return pad(f.s, 2);
		case 'SSS':
			return pad(f.ms, 3);
		case 'Z':
			return zone(f.offset, true);
		case 'ZZ':
			return zone(f.offset, false);
		default:
			// Day.js reads "Y" and "YYY" as tokens and prints them as ZZ.
			return t === 'Y' || t === 'YYY' ? zone(f.offset, false) : undefined;
	}
}

/** `date` formatted with Day.js's format tokens (`[text]` kept as written), in UTC or local time. */
export function formatDate(date: Date, format: string, utc: boolean): string {
	const f = fieldsOf(date, utc);
	let out = '';
	let i = 0;
	// The first "]" at or after a point: searched again only once passed, so each "[" costs no rescan.
	let close = -1;
	while (i < format.length) {
		const c = format[i];
		if (c === '[') {
			if (close !== Infinity && close < i + 1) {
				const found = format.indexOf(']', i + 1);
				close = found < 0 ? Infinity : found;
			}
			if (close !== Infinity && close > i + 1) {
				out += format.slice(i + 1, close);
				i = close + 1;
				continue;
			}
		} else if (c === 'S' && format.startsWith('SSS', i)) {
			out += token('SSS', f);
			i += 3;
			continue;
		} else if (Object.hasOwn(TOKEN_LENGTHS, c)) {
			let run = 1;
			while (run < TOKEN_LENGTHS[c] && format[i + run] === c) run++;
			const value = token(c.repeat(run), f);
			if (value !== undefined) {
				out += value;
				i += run;
				continue;
			}
		}
		out += c;
		i++;
	}
	return out;
}

/**
 * The arguments of `{{$datetime …}}` / `{{$localDatetime …}}` after the name: a format (rfc1123,
 * iso8601 or a quoted Day.js format; quoted up to the last matching quote, as REST Client's pattern
 * `'.+'` reads it) and an optional `offset unit`. Undefined when they do not have that shape.
 */
export function parseDatetimeArguments(argText: string): { format: string; offset?: { amount: number; unit: DatetimeUnit } } | undefined {
	const text = argText.trim();
	let format: string;
	let rest: string;
	const quote = text[0];
	if (quote === '"' || quote === "'") {
		const close = text.lastIndexOf(quote);
		if (close < 2) return undefined;
		format = text.slice(0, close + 1);
		rest = text.slice(close + 1);
	} else {
		const space = text.search(/\s/);
		format = space < 0 ? text : text.slice(0, space);
		rest = space < 0 ? '' : text.slice(space);
		if (format !== 'rfc1123' && format !== 'iso8601') return undefined;
	}
	const words = rest.trim() === '' ? [] : rest.trim().split(/\s+/);
	if (words.length === 0) return { format };
	const amount = Number(words[0]);
	if (words.length !== 2 || !/^-?\d{1,7}$/.test(words[0]) || !(DATETIME_UNITS as readonly string[]).includes(words[1])) return undefined;
	return { format, offset: { amount, unit: words[1] as DatetimeUnit } };
}

/** The value of `{{$datetime …}}` (utc) or `{{$localDatetime …}}` at `now`, or undefined when the arguments are malformed. */
export function datetimeValue(argText: string, now: Date, utc: boolean): string | undefined {
	const parsed = parseDatetimeArguments(argText);
	if (!parsed) return undefined;
	const date = parsed.offset ? addOffset(now, parsed.offset.amount, parsed.offset.unit, utc) : now;
	if (parsed.format === 'rfc1123') return utc ? date.toUTCString() : formatDate(date, 'ddd, DD MMM YYYY HH:mm:ss ZZ', false);
	if (parsed.format === 'iso8601') return utc ? date.toISOString() : formatDate(date, 'YYYY-MM-DDTHH:mm:ssZ', false);
	return formatDate(date, parsed.format.slice(1, -1), utc);
}
