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

/** How much of the text `escapeMarkdown` escapes. */
export interface MarkdownEscape {
	/**
	 * 'all' (the default): every ASCII punctuation character, which CommonMark lets a backslash escape
	 * (https://spec.commonmark.org/0.31.2/#backslash-escapes): nothing can start markup, an entity, an
	 * autolink or a linkified URL (`https\:\/\/` is no URL to linkify). 'markup': only what starts
	 * inline markup, with < and > as entities, and what would start a block at the start of the text,
	 * for a document that is also read as source (the setup doctor's report), where `\:` and `\.` would clutter it.
	 */
	only?: 'all' | 'markup';
}

/**
 * Text as Markdown shows it literally, on one line (line breaks as spaces). Not for the inside of a
 * code span, where backslashes are shown as they are: use `codeSpan` there.
 */
export function escapeMarkdown(text: string, escape: MarkdownEscape = {}): string {
	if ((escape.only ?? 'all') === 'all') return text.replace(/[\r\n]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
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
