import * as assert from 'node:assert/strict';
import {
	LIMIT_FORMAT,
	codeSpan,
	escapeMarkdown,
	escapeMarkup,
	formatBytes,
	formatDuration,
	formatMoment,
	formatRelative,
	formatWhen,
	longestRun,
} from '../../../src/core/common/format';
import { jobTooltipMarkdown } from '../../../src/features/jobs/jobTooltip';
import { HOSTILE_TEXTS } from '../hostileText';
import { assertLinear } from '../linear';

const MB = 1024 * 1024;

/**
 * What CommonMark shows for the code span at the start of `markdown`
 * (https://spec.commonmark.org/0.31.2/#code-spans): an opening run of n backticks, the text up to
 * the next run of exactly n, line endings as spaces, one space stripped from each side when both
 * sides have one and the text is not all spaces. Also returns what follows the span.
 */
function readCodeSpan(markdown: string): { shown: string; rest: string } {
	const open = /^`+/.exec(markdown)?.[0];
	assert.ok(open, `no code span at the start of ${JSON.stringify(markdown)}`);
	const runs = /`+/g;
	runs.lastIndex = open.length;
	for (let run = runs.exec(markdown); run; run = runs.exec(markdown)) {
		if (run[0].length !== open.length) continue;
		let shown = markdown.slice(open.length, run.index).replace(/\r\n|[\r\n]/g, ' ');
		if (shown.startsWith(' ') && shown.endsWith(' ') && /[^ ]/.test(shown)) shown = shown.slice(1, -1);
		return { shown, rest: markdown.slice(run.index + run[0].length) };
	}
	return assert.fail(`the code span in ${JSON.stringify(markdown)} is not closed`);
}

/** What Markdown shows for backslash-escaped text: each escaped ASCII punctuation character as itself. */
const unescaped = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('formatBytes', () => {
	it('writes sizes as file managers do: "512 B", "1.5 KB", "12 KB", up to TB', () => {
		assert.equal(formatBytes(undefined), '');
		assert.equal(formatBytes(0), '0 B');
		assert.equal(formatBytes(1023), '1023 B');
		assert.equal(formatBytes(1536), '1.5 KB');
		assert.equal(formatBytes(12_345), '12 KB');
		assert.equal(formatBytes(10 * MB), '10 MB');
		assert.equal(formatBytes(5 * 1024 * MB), '5.0 GB');
		assert.equal(formatBytes(3 * 1024 ** 5), '3072 TB');
	});

	it('writes limits as "1 MB", "10 MB", "1.5 MB", never above MB', () => {
		assert.equal(formatBytes(MB, LIMIT_FORMAT), '1 MB');
		assert.equal(formatBytes(10 * MB, LIMIT_FORMAT), '10 MB');
		assert.equal(formatBytes(50 * MB, LIMIT_FORMAT), '50 MB');
		assert.equal(formatBytes(1.5 * MB, LIMIT_FORMAT), '1.5 MB');
		assert.equal(formatBytes(2048 * MB, LIMIT_FORMAT), '2048 MB');
		assert.equal(formatBytes(200 * MB, { fraction: 'one', largest: 'MB' }), '200.0 MB');
		assert.equal(formatBytes(MB + 1, { fraction: 'one', largest: 'MB' }), '1.0 MB');
	});

	it('gives each caller the text its own formula gave, for every size it can show', () => {
		// The three formulas formatBytes replaced: the explorer's (any size), the HTTP limits' and the
		// credential import's (both only ever given 1 MB or more: the limits are 1, 10 and 50 MB, and
		// an import is refused only above 1 MB).
		const explorer = (bytes: number) => {
			const units = ['B', 'KB', 'MB', 'GB', 'TB'];
			let value = bytes;
			let unit = 0;
			while (value >= 1024 && unit < units.length - 1) {
				value /= 1024;
				unit++;
			}
			return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
		};
		const limit = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;
		const imported = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
		const sizes = [0, 1, 1023, 1024, 1025, 10_239, 10_240, 1_000_000, MB - 1, MB, MB + 1, 1.15 * MB, 1.25 * MB, 9.96 * MB, 1024 ** 4 * 5];
		let seed = 17;
		for (let i = 0; i < 2000; i++) {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			sizes.push(Math.floor((seed / 2 ** 31) * 2 ** (i % 45)));
		}
		for (const bytes of sizes) {
			assert.equal(formatBytes(bytes), explorer(bytes), String(bytes));
			if (bytes < MB) continue;
			assert.equal(formatBytes(bytes, LIMIT_FORMAT), limit(bytes), String(bytes));
			assert.equal(formatBytes(bytes, { fraction: 'one', largest: 'MB' }), imported(bytes), String(bytes));
		}
	});
});

describe('escapeMarkdown', () => {
	it('escapes every ASCII punctuation character, and shows the text itself on one line', () => {
		const text = '**Demo** [x](https://evil.example) ![i](y) <b>&amp; `code` $(alert) #1\n- item\r\n> quote ~~s~~ | a_b';
		const escaped = escapeMarkdown(text);
		assert.match(escaped, /^\\\*\\\*Demo\\\*\\\* \\\[x\\\]\\\(https\\:\\\/\\\/evil\\\.example\\\)/);
		assert.ok(!/[\r\n]/.test(escaped), escaped);
		assert.ok(!/[!-/:-@[-`{-~]/.test(escaped.replace(/\\[!-/:-@[-`{-~]/g, '')), `nothing unescaped: ${escaped}`);
		assert.equal(unescaped(escaped), text.replace(/[\r\n]+/g, ' '));
	});

	it('escapeMarkup escapes what starts markup and writes < and > as entities', () => {
		assert.equal(escapeMarkup('a*b_c (see x.y)'), 'a\\*b\\_c (see x.y)');
		assert.equal(escapeMarkup('<img src=x>'), '&lt;img src=x&gt;');
		assert.equal(escapeMarkup('# not a heading'), '\\# not a heading');
		assert.equal(escapeMarkup('  12) not a list'), '  12\\) not a list');
		assert.equal(escapeMarkup('one\ntwo'), 'one two');
	});
});

describe('codeSpan', () => {
	const cases = [
		'a1b2-c3d4_e5',
		'https://firefly-api.adobe.io/v3/status/ab*c_d[e](f)',
		'C:\\Users\\me\\file.png',
		'a\\',
		'a`b',
		'``x``',
		'`starts',
		'ends`',
		'`',
		' both sides ',
		'  two  ',
		' one side',
		'   ',
		' ',
		'line\nbreak\r\nand\rmore',
		'\n# heading\n\nparagraph',
		'$(alert) <b>html</b> &amp;',
		'x`` ` ```y',
	];

	it('shows exactly the text (line breaks as spaces), with no backslash added', () => {
		for (const text of cases) {
			const span = codeSpan(text);
			const { shown, rest } = readCodeSpan(span);
			assert.equal(shown, text.replace(/\r\n|[\r\n]/g, ' '), JSON.stringify(span));
			assert.equal(rest, '', `one span: ${JSON.stringify(span)}`);
			assert.ok(!/[\r\n]/.test(span), 'no line break, which could end the paragraph or start a block');
		}
		assert.equal(codeSpan('a1b2-c3d4_e5'), '`a1b2-c3d4_e5`');
		assert.equal(codeSpan('a`b'), '``a`b``');
		assert.equal(codeSpan('`x'), '`` `x ``');
		assert.equal(codeSpan(''), '');
	});

	it('is delimited by a backtick run longer than any in the text', () => {
		assert.equal(longestRun('a``b```c`', '`'), 3);
		assert.ok(codeSpan('a``b```c`').startsWith('````'));
	});
});

describe('the Jobs tooltip', () => {
	const job = {
		title: 'Remove *background* of [cat](https://evil.example)',
		apiLabel: 'Photoshop v2',
		state: 'running',
		jobId: 'f8a1c2d3-4e5f_6a7b.8c9d',
		statusUrl: 'https://image.adobe.io/v2/status/f8a1c2d3-4e5f_6a7b.8c9d?signature=abc',
		polls: 3,
		profile: 'Demo_profile',
		started: '10:00:00',
		elapsed: '5s',
		terminal: false,
	};

	it('shows the job id and status URL in code spans as they are, without stray backslashes', () => {
		// It escaped inside the code spans before, which showed "f8a1c2d3\-4e5f\_6a7b\.8c9d".
		const markdown = jobTooltipMarkdown(job);
		const after = (label: string) => readCodeSpan(markdown.slice(markdown.indexOf(label) + label.length));
		assert.equal(after('Job id: ').shown, job.jobId);
		assert.equal(after('Status: ').shown, 'https://image.adobe.io/v2/status/f8a1c2d3-4e5f_6a7b.8c9d');
		assert.match(after('Status: ').rest, /^ \(3 polls\)/);
		assert.ok(!markdown.includes('signature'), 'the query is left out');
	});

	it('escapes the title and profile, which are text, not code', () => {
		const markdown = jobTooltipMarkdown(job);
		assert.ok(markdown.startsWith(`**${escapeMarkdown(job.title)}**: Photoshop v2 job, running\n\n`), markdown);
		assert.ok(!markdown.includes('](https://evil'), 'no link');
		assert.ok(markdown.includes('Profile: Demo\\_profile\n\n'), markdown);
		assert.ok(markdown.endsWith('Started 10:00:00, 5s so far'), markdown);
		assert.ok(jobTooltipMarkdown({ ...job, terminal: true, jobId: undefined }).endsWith('Started 10:00:00, 5s'));
		assert.ok(!jobTooltipMarkdown({ ...job, jobId: undefined }).includes('Job id'));
	});
});

describe('Markdown escaping time is linear in the text', function () {
	// As for redaction (redact.test.ts): CPU time (test/unit/linear.ts), twice the text must not take 3× the time.
	this.timeout(120_000);
	const markdownHostile = [
		{
			name: 'backtick runs of growing length',
			text: (size: number) => Array.from({ length: Math.sqrt(2 * size) }, (_, i) => '`'.repeat(i + 1)).join('x'),
		},
		{ name: 'whitespace then digits, never a list marker', text: (size: number) => `${' '.repeat(size / 2)}${'1'.repeat(size / 2)}x` },
		{ name: 'alternating backticks and spaces', text: (size: number) => '` '.repeat(size / 2) },
	];
	const escapers: Array<[string, (text: string) => string]> = [
		['escapeMarkdown', (text) => escapeMarkdown(text)],
		['escapeMarkup', (text) => escapeMarkup(text)],
		['codeSpan', codeSpan],
	];
	for (const hostile of [...HOSTILE_TEXTS, ...markdownHostile]) {
		it(`${hostile.name}: twice the text takes about twice the time`, async () => {
			// 1 to 2 and 2 to 4 KB: past about 5,000 replacements in one String.replace call, V8's list of the
			// result's parts leaves the young generation and each further one costs ~10× more (measured on
			// node 20: linear again from there), which says nothing about the escaper's own work.
			for (const [name, escape] of escapers) {
				for (const size of [1024, 2 * 1024]) {
					await assertLinear(`${name}, ${hostile.name}`, (n) => hostile.text(n), escape, size, { cpuBatchMs: 10 });
				}
			}
		});
	}
});

describe('moments: formatRelative, formatMoment and formatWhen (one format for every tooltip, toast and report)', () => {
	const S = 1000;
	const M = 60 * S;
	const H = 60 * M;
	const D = 24 * H;
	/** ICU writes the space before AM/PM as U+202F in some versions: compared as a plain space. */
	const plain = (text: string) => text.replace(/\u202f/g, ' ');
	let zone: string | undefined;
	/** Node follows a change of TZ at once (Date's getters and Intl): the calendar days below are this zone's. */
	const inZone = (tz: string) => {
		process.env.TZ = tz;
	};
	before(() => {
		zone = process.env.TZ;
		inZone('UTC');
	});
	after(() => {
		if (zone === undefined) delete process.env.TZ;
		else process.env.TZ = zone;
	});

	it('writes a length of time in its two largest units, floored like the countdown', () => {
		assert.equal(formatDuration(2 * D + 3 * H + 59 * M), '2 d 3 h');
		assert.equal(formatDuration(23 * H - 1), '22 h 59 m');
		assert.equal(formatDuration(H), '1 h 0 m');
		assert.equal(formatDuration(4 * M + 5 * S + 999), '4 m 5 s');
		assert.equal(formatDuration(45 * S), '45 s');
		assert.equal(formatDuration(0), '0 s');
		assert.equal(formatDuration(23 * H + 59 * M, true), '23 hours 59 minutes');
		assert.equal(formatDuration(D + H, true), '1 day 1 hour');
		assert.equal(formatDuration(M + S, true), '1 minute 1 second');
	});

	it('says how far a moment is, ahead or past, and "now" within a second', () => {
		const now = Date.UTC(2026, 11, 4, 16, 23);
		assert.equal(formatRelative(now + 23 * H - 1, now), 'in 22 h 59 m');
		assert.equal(formatRelative(now - 5 * M - 2 * S, now), '5 m 2 s ago');
		assert.equal(formatRelative(now - 3 * D, now), '3 d 0 h ago');
		assert.equal(formatRelative(now + 999, now), 'now');
		assert.equal(formatRelative(now - 999, now), 'now');
	});

	it('names the day as today, tomorrow or yesterday by the calendar, not by 24-hour spans', () => {
		const now = Date.UTC(2026, 11, 4, 23, 30); // Friday 4 December 2026, 11:30 PM in UTC
		assert.equal(plain(formatMoment(now + 20 * M, now, 'en-US')), 'today 11:50 PM');
		assert.equal(plain(formatMoment(now + 31 * M, now, 'en-US')), 'tomorrow 12:01 AM', 'past midnight is tomorrow, 31 minutes ahead');
		assert.equal(plain(formatMoment(now + 24 * H, now, 'en-US')), 'tomorrow 11:30 PM');
		assert.equal(plain(formatMoment(now + 24 * H + 31 * M, now, 'en-US')), 'Dec 6 12:01 AM', 'two calendar days ahead has its date');
		assert.equal(plain(formatMoment(now - 23 * H - 31 * M, now, 'en-US')), 'yesterday 11:59 PM');
		assert.equal(plain(formatMoment(now - 2 * D, now, 'en-US')), 'Dec 2 11:30 PM');
		assert.equal(plain(formatMoment(now + 30 * D, now, 'en-US')), 'Jan 3, 2027 11:30 PM', 'another year says which');
		assert.equal(plain(formatMoment(now, now, 'en-US', true)), 'Dec 4, 2026 11:30 PM', 'dated: always the date, for a report');
	});

	it("takes the day from the user's time zone: the same instant is today in one zone and tomorrow in another", () => {
		const now = Date.UTC(2026, 11, 4, 20, 0);
		const at = now + 6 * H; // 02:00 UTC on the 5th
		inZone('America/Los_Angeles'); // 12:00 → 18:00 on the 4th
		assert.equal(plain(formatWhen(at, now, 'en-US')), 'in 6 h 0 m, today 6:00 PM');
		inZone('Asia/Tokyo'); // 05:00 on the 5th → 11:00 on the 5th
		assert.equal(plain(formatWhen(at, now, 'en-US')), 'in 6 h 0 m, today 11:00 AM');
		inZone('Europe/Berlin'); // 21:00 on the 4th → 03:00 on the 5th
		assert.equal(plain(formatWhen(at, now, 'en-US')), 'in 6 h 0 m, tomorrow 3:00 AM');
		inZone('UTC');
	});

	it('keeps the words and the relative part in every locale; only the clock and the date follow the locale', () => {
		const now = Date.UTC(2026, 11, 4, 15, 22);
		const refresh = now + 23 * H + 59 * M + 30 * S;
		assert.equal(plain(formatWhen(refresh, now, 'en-US')), 'in 23 h 59 m, tomorrow 3:21 PM');
		assert.equal(plain(formatWhen(refresh, now, 'de-DE')), 'in 23 h 59 m, tomorrow 15:21');
		assert.equal(plain(formatWhen(refresh, now, 'en-GB')), 'in 23 h 59 m, tomorrow 15:21');
		assert.equal(plain(formatMoment(now - 2 * D, now, 'de-DE')), '2. Dez. 15:22');
		assert.equal(plain(formatWhen(now - 90 * S, now, 'en-US')), '1 m 30 s ago, today 3:20 PM');
		// What the runtime's own locale writes has the same shape: a day word, then a clock time with its minutes.
		assert.match(plain(formatWhen(refresh, now)), /^in 23 h 59 m, tomorrow \S*\d{1,2}[:.]21\b/);
	});
});
