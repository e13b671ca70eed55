/**
 * The README is read in the repository and from the packaged .vsix, whose relative links stay relative
 * (`vsce package --no-rewrite-relative-links`, see CONTRIBUTING.md "Packaging"). So every relative link
 * or image in the README, and in the documents it leads to (CONTRIBUTING, SECURITY, docs/), must name a
 * file of the repository; a document that ships must link only to files that ship too (.vscodeignore);
 * and a `#fragment` must name a heading of its page. The README's commands and settings tables name
 * every contribution of package.json.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Compiled to out/test/unit/project/, four levels below the repository.
const root = path.resolve(__dirname, '../../../..');

interface Link {
	/** The document it is in, relative to the repository, with `/`. */
	readonly from: string;
	readonly line: number;
	readonly target: string;
}

interface Resolved extends Link {
	/** The file it names, relative to the repository (`from` itself for a bare `#fragment`). */
	readonly file: string;
	readonly fragment?: string;
}

/** README.md, CONTRIBUTING.md, SECURITY.md and every Markdown file under docs/. */
function documents(): string[] {
	const found: string[] = [];
	const walk = (dir: string): void => {
		if (!fs.existsSync(path.join(root, dir))) return;
		for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
			const relative = `${dir}/${entry.name}`;
			if (entry.isDirectory()) walk(relative);
			else if (entry.name.endsWith('.md')) found.push(relative);
		}
	};
	walk('docs');
	return ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', ...found.sort()];
}

/** Each line of a Markdown document outside fenced code blocks, with its inline code spans removed. */
function proseLines(text: string): Array<{ line: number; text: string }> {
	const lines: Array<{ line: number; text: string }> = [];
	let fence: string | undefined;
	text.split('\n').forEach((raw, index) => {
		const opening = /^\s{0,3}(`{3,}|~{3,})/.exec(raw);
		if (fence) {
			if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length && raw.trim() === opening[1]) fence = undefined;
			return;
		}
		if (opening) {
			fence = opening[1];
			return;
		}
		lines.push({ line: index + 1, text: raw.replace(/(`+)[\s\S]*?\1/g, '') });
	});
	return lines;
}

/** Inline links and images (`[text](target)`, `![alt](target)`), reference definitions, and HTML src/href. */
function links(from: string): Link[] {
	const found: Link[] = [];
	for (const { line, text } of proseLines(fs.readFileSync(path.join(root, from), 'utf8'))) {
		const patterns = [/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/g, /\b(?:src|href)="([^"]+)"/g];
		for (const pattern of patterns) {
			for (const match of text.matchAll(pattern)) found.push({ from, line, target: match[1] });
		}
	}
	return found;
}

/** Links that stay inside the repository: no scheme (https:, mailto:, command:, …), no `//host`. */
function relativeLinks(from: string): Resolved[] {
	return links(from)
		.filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link.target) && !link.target.startsWith('//'))
		.map((link) => {
			const hash = link.target.indexOf('#');
			const pathPart = decodeURIComponent(hash < 0 ? link.target : link.target.slice(0, hash));
			const fragment = hash < 0 ? undefined : decodeURIComponent(link.target.slice(hash + 1));
			const file = pathPart === '' ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), pathPart));
			return { ...link, file, ...(fragment === undefined ? {} : { fragment }) };
		});
}

/** A heading's anchor as GitHub (and VS Code's extension page) makes it: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
	return heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/<[^>]*>/g, '')
		.replace(/[`*]/g, '')
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
		.replace(/ /g, '-');
}

/** The anchors a document offers: one per heading (a repeated one gets -1, -2, …), and HTML ids. */
function anchors(file: string): Set<string> {
	const seen = new Map<string, number>();
	const result = new Set<string>();
	const text = fs.readFileSync(path.join(root, file), 'utf8');
	for (const { text: line } of proseLines(text)) {
		const heading = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
		if (heading) {
			const base = slug(heading[1]);
			const count = seen.get(base) ?? 0;
			seen.set(base, count + 1);
			result.add(count === 0 ? base : `${base}-${count}`);
		}
		for (const match of line.matchAll(/\b(?:id|name)="([^"]+)"/g)) result.add(match[1]);
	}
	return result;
}

const where = (link: Link): string => `${link.from}:${link.line} (${link.target})`;

/** What `vsce ls` says the .vsix holds, as `npm run vsix` would package it. */
function packagedFiles(): Set<string> {
	const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
	const output = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
	return new Set(
		output
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean),
	);
}

describe('README links', () => {
	const docs = documents();

	it('lead from README, CONTRIBUTING, SECURITY and docs/ to files that exist in the repository', () => {
		for (const doc of ['README.md', 'CONTRIBUTING.md', 'SECURITY.md']) assert.ok(fs.existsSync(path.join(root, doc)), `${doc} is missing`);
		const broken = docs
			.flatMap(relativeLinks)
			.filter(
				(link) =>
					link.file.startsWith('../') || !fs.existsSync(path.join(root, link.file)) || !fs.statSync(path.join(root, link.file)).isFile(),
			)
			.map((link) => `${where(link)}: ${link.file} is not a file of the repository`);
		assert.deepEqual(broken, []);
	});

	it('lead from every document that ships to files that ship in the .vsix', function () {
		this.timeout(40_000); // vsce ls reads the whole tree: a few seconds
		const packaged = packagedFiles();
		assert.ok(packaged.has('README.md'), `the .vsix has no README.md: ${[...packaged].join(', ')}`);
		const missing = docs
			.filter((doc) => packaged.has(doc))
			.flatMap(relativeLinks)
			.filter((link) => !packaged.has(link.file))
			.map((link) => `${where(link)}: ${link.file} is not in the .vsix (add it to .vscodeignore, or do not link it)`);
		assert.deepEqual(missing, []);
	});

	it('name headings that exist with their #fragments', () => {
		const cache = new Map<string, Set<string>>();
		const offered = (file: string): Set<string> => cache.get(file) ?? cache.set(file, anchors(file)).get(file)!;
		const unknown = docs
			.flatMap(relativeLinks)
			.filter((link) => link.fragment !== undefined && link.file.endsWith('.md') && fs.existsSync(path.join(root, link.file)))
			.filter((link) => !offered(link.file).has(link.fragment!))
			.map(
				(link) =>
					`${where(link)}: ${link.file} has no heading #${link.fragment} (it has ${[...offered(link.file)].map((a) => `#${a}`).join(', ')})`,
			);
		assert.deepEqual(unknown, []);
	});

	it("list every contributed command and setting in the README's tables", () => {
		const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
		const rows = fs
			.readFileSync(path.join(root, 'README.md'), 'utf8')
			.split('\n')
			.filter((line) => line.startsWith('| `adobeApi.'));
		const named = new Set(rows.flatMap((row) => [...row.split('|')[1].matchAll(/`(adobeApi\.[\w.]+)`/g)].map((match) => match[1])));
		const commands = (manifest.contributes.commands as Array<{ command: string }>).map((command) => command.command);
		const settings = Object.keys(manifest.contributes.configuration.properties);
		assert.deepEqual(
			[...commands, ...settings].filter((id) => !named.has(id)),
			[],
			'add these to the Commands or Settings table of README.md',
		);
	});
});
