/**
 * How values look to a person, the same everywhere they are shown: byte sizes, and text placed in
 * Markdown (tooltips, the setup doctor's report, agent tool confirmations) so that it shows as the
 * text itself and cannot become a link, an image, emphasis or HTML. vscode-free: the MCP server uses it too.
 */

/** How a byte size is written; each caller's choice keeps the text it has always shown. */
export interface BytesFormat {
	/**
	 * Digits after the point, from KB up. 'short' (the default, as file managers write sizes): one
	 * below 10 and none from 10 ("1.5 KB", "12 KB"); 'one': always one ("1.0 MB", "200.0 MB");
	 * 'atMostOne': one, left out when it is zero ("1 MB", "1.5 MB").
	 */
	fraction?: 'short' | 'one' | 'atMostOne';
	/** The largest unit used: 'MB' writes 2 GB as "2048 MB", to compare with a limit given in MB. */
	largest?: 'MB' | 'TB';
}

/** How a size limit is written in a message: "10 MB", "1 MB", "50 MB". */
export const LIMIT_FORMAT: BytesFormat = { fraction: 'atMostOne', largest: 'MB' };

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** "512 B", "1.5 KB", "12 MB" (powers of 1024); '' for an unknown size. */
export function formatBytes(bytes: number | undefined, format: BytesFormat = {}): string {
	if (bytes === undefined) return '';
	const last = BYTE_UNITS.indexOf(format.largest ?? 'TB');
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < last) {
		value /= 1024;
		unit++;
	}
	if (unit === 0) return `${value} B`;
	const fraction = format.fraction ?? 'short';
	const digits =
		fraction === 'one'
			? value.toFixed(1)
			: fraction === 'atMostOne'
				? String(Math.round(value * 10) / 10)
				: value.toFixed(value < 10 ? 1 : 0);
	return `${digits} ${BYTE_UNITS[unit]}`;
}

/**
 * Text as Markdown shows it literally, on one line (line breaks as spaces): every ASCII punctuation
 * character escaped, as CommonMark lets a backslash escape it
 * (https://spec.commonmark.org/0.31.2/#backslash-escapes), so nothing can start markup, an entity, an
 * autolink or a linkified URL (`https\:\/\/` is no URL to linkify). Not for the inside of a code
 * span, where backslashes are shown as they are: use `codeSpan` there.
 */
export function escapeMarkdown(text: string): string {
	return text.replace(/[\r\n]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * `escapeMarkdown` for a document that is also read as source (the setup doctor's report), where
 * `\:` and `\.` would clutter it: only what starts inline markup, with < and > as entities, and what
 * would start a block at the start of the text.
 */
export function escapeMarkup(text: string): string {
	return (
		text
			.replace(/\r?\n/g, ' ')
			// A bare & stays: markdown-it decodes an entity to text, never to HTML, and linkify would take &amp; into a URL.
			.replace(/[\\`*_[\]|~]/g, '\\$&')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;')
			.replace(/^(\s*)([#+-])/, '$1\\$2')
			.replace(/^(\s*\d+)([.)])/, '$1\\$2')
	);
}

/**
 * Text as an inline code span that shows exactly the text (line breaks as spaces). Inside a code
 * span backslash escapes are not processed (https://spec.commonmark.org/0.31.2/#code-spans), so
 * nothing is escaped: the span is delimited by a run of backticks longer than any run in the text,
 * and padded with a space on each side when the text starts or ends with a backtick, or with a
 * space at both ends (CommonMark strips one space from each side). '' for empty text.
 */
export function codeSpan(text: string): string {
	const line = text.replace(/\r\n|[\r\n]/g, ' ');
	if (line === '') return '';
	const fence = '`'.repeat(longestRun(line, '`') + 1);
	const stripped = line.startsWith(' ') && line.endsWith(' ') && /[^ ]/.test(line);
	const pad = line.startsWith('`') || line.endsWith('`') || stripped ? ' ' : '';
	return `${fence}${pad}${line}${pad}${fence}`;
}

/** The length of the longest run of `char` in `text`: a fence or code span needs one more. */
export function longestRun(text: string, char: string): number {
	let longest = 0;
	let run = 0;
	for (let i = 0; i < text.length; i++) {
		run = text[i] === char ? run + 1 : 0;
		if (run > longest) longest = run;
	}
	return longest;
}

const DAY_WORDS = ['yesterday', 'today', 'tomorrow'];

/** Units from the largest: size in ms, short name, word. */
const UNITS = [
	[864e5, 'd', 'day'],
	[36e5, 'h', 'hour'],
	[6e4, 'm', 'minute'],
	[1e3, 's', 'second'],
] as const;

/**
 * A length of time in its two largest units, each floored as the status bar's countdown is:
 * "2 d 3 h", "22 h 59 m", "4 m 5 s", "45 s"; `words` for screen readers: "22 hours 1 minute".
 * The same words in every locale.
 */
export function formatDuration(ms: number, words = false): string {
	const fits = UNITS.findIndex(([size]) => ms >= size);
	const first = fits < 0 ? UNITS.length - 1 : fits; // under a second: "0 s"
	return UNITS.slice(first, first + 2)
		.map(([size, short, word], i) => {
			const n = Math.floor(ms / size) % (i ? UNITS[first][0] / size : Infinity);
			return words ? `${n} ${word}${n === 1 ? '' : 's'}` : `${n} ${short}`;
		})
		.join(' ');
}

/** How far `at` is from `now`: "in 22 h 59 m", "5 m 2 s ago", "now" (under a second). */
export function formatRelative(at: number, now: number): string {
	const span = formatDuration(Math.abs(at - now));
	return Math.abs(at - now) < 1000 ? 'now' : at > now ? `in ${span}` : `${span} ago`;
}

/**
 * The moment on the user's clock (the process's time zone) with its day: "today 3:22 PM",
 * "tomorrow 3:22 PM", "yesterday 9:05 AM", else its date ("Dec 9 3:22 PM"; "Dec 9, 2027 3:22 PM"
 * in another year). `dated` always writes the date and year, for text read later than it was made
 * (a report). `locale` (a BCP 47 tag; the runtime's own by default) writes the time and date parts
 * ("15:22" in de-DE); the words stay English, as every other word the extension shows.
 */
export function formatMoment(at: number, now: number, locale?: string, dated = false): string {
	// The local calendar day, as a day number: today, tomorrow and yesterday are calendar days, not 24-hour spans.
	const day = (ms: number) => {
		const date = new Date(ms);
		return [Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 864e5, date.getFullYear()];
	};
	const [atDay, atYear] = day(at);
	const [today, year] = day(now);
	const word = dated ? undefined : DAY_WORDS[atDay - today + 1];
	const date =
		word ??
		new Date(at).toLocaleDateString(locale, { month: 'short', day: 'numeric', year: dated || atYear !== year ? 'numeric' : undefined });
	return `${date} ${new Date(at).toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' })}`;
}

/** Both, relative first: "in 22 h 59 m, tomorrow 3:22 PM"; "5 m ago, today 3:17 PM". How every live moment is shown. */
export function formatWhen(at: number, now: number, locale?: string): string {
	return `${formatRelative(at, now)}, ${formatMoment(at, now, locale)}`;
}
