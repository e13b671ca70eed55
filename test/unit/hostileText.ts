/**
 * Texts built to make a redactor slow: each repeats what a backtracking pattern would read again
 * from every position (a run of names, an unclosed quote, a long run of one character class),
 * ending in something that makes the last attempt fail. Any server's answer can be one of them.
 * Shared by the linear-time tests (redact.test.ts, format.test.ts, through test/unit/linear.ts) and the bench (test/bench/run.ts).
 */

export interface HostileText {
	name: string;
	/** About `size` characters of it. */
	text(size: number): string;
	/** Values registered with the redactor for this text. */
	secrets?: string[];
}

/** `unit` repeated to about `size` characters, then `tail`. */
function repeated(unit: string, tail = ' x y'): (size: number) => string {
	return (size) => unit.repeat(Math.ceil(size / unit.length)) + tail;
}

/** `head`, then `fill` repeated to about `size` characters, never closed. */
function unclosed(head: string, fill: string): (size: number) => string {
	return (size) => head + fill.repeat(Math.ceil(size / fill.length)) + ' x y';
}

export const HOSTILE_TEXTS: readonly HostileText[] = [
	{ name: 'key: runs (token:token:…)', text: repeated('token:') },
	{ name: 'key= runs (token=token=…)', text: repeated('token=', ' &') },
	{ name: 'key: runs with blanks (a_secret: …)', text: repeated('a_secret: ') },
	{ name: 'escaped JSON names (x_token\\"…)', text: repeated('x_token\\":') },
	{ name: 'unclosed quote after a name ("token":"aaa…)', text: unclosed('"token":"', 'a\\"') },
	{ name: 'unclosed escaped quote (token=\\"aaa…)', text: unclosed('token=\\"', 'a\\\\') },
	{ name: 'quote runs ("""…)', text: repeated('"') },
	{ name: 'long base64 run', text: unclosed('eyJ', 'QUJDRGVm+/09') },
	{ name: 'eyJ… runs (eyJa.eyJa.…)', text: repeated('eyJa.') },
	{ name: 'eyJ- runs', text: repeated('eyJ-') },
	{ name: 'whitespace run', text: unclosed('x', ' ') },
	{ name: 'backslash run', text: unclosed('x', '\\') },
	{ name: 'escaped quotes and line breaks (\\"\\n…)', text: repeated('\\"\\n') },
	{ name: 'quoted concatenations ("+"…)', text: repeated('" + "\\') },
	{ name: 'Bearer Bearer …', text: repeated('Bearer ') },
	{ name: 'Bearer and a long gap', text: unclosed('Bearer', ' ') },
	{ name: 'a registered value repeated, overlapping', text: repeated('ab', 'a'), secrets: ['ab'.repeat(40)] },
	{ name: 'a registered value split by whitespace', text: repeated('p8e-LEAK '), secrets: ['p8e-LEAKp8e-LEAKp8e-LEAK!'] },
];

/** Ordinary prose with a little JSON: what redaction usually reads, for comparison. */
export function prose(size: number): string {
	const line = 'The Photoshop API answered 403 for the hello call; {"error_code":"403003","message":"Api Key is invalid"}.\n';
	return line.repeat(Math.ceil(size / line.length));
}
