/**
 * No import cycles in src/, type imports included: a cycle through `import type` costs nothing at run time, but it
 * still ties two folders together so that neither can be understood, moved or tested without the other.
 * Zero dependencies: a small scanner reads every src/**\/*.ts (comments, strings and regular expressions skipped,
 * so text that looks like an import is not one), resolves the relative specifiers of `import`, `import type`,
 * `export … from`, dynamic `import()` and `require()`, and looks for strongly connected components (Tarjan).
 * The layer order the ESLint rules keep is in docs/ARCHITECTURE.md; this test catches what a per-folder rule cannot,
 * e.g. two files of one folder importing each other.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const src = path.join(root, 'src');

type ImportKind = 'import' | 'import type' | 'export from' | 'import()' | 'require()';
interface ImportEdge {
	from: string;
	to: string;
	kind: ImportKind;
	line: number;
}
interface Specifier {
	specifier: string;
	kind: ImportKind;
	line: number;
}

/** Every .ts file under a folder, as paths relative to the repository root with forward slashes. */
function sourceFiles(dir: string): string[] {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((entry) => {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) return sourceFiles(full);
			return entry.isFile() && entry.name.endsWith('.ts') ? [full] : [];
		})
		.sort();
}

const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');

/**
 * The code of a file with comments removed and every string, template and regular expression literal replaced by
 * a placeholder `'#n'` (n indexes `strings`), so the patterns below only ever see real syntax. Newlines are kept,
 * so offsets map to the same line numbers.
 */
function skeleton(text: string): { code: string; strings: string[] } {
	const strings: string[] = [];
	let out = '';
	let i = 0;
	// Whether a `/` here starts a regular expression (after an operator, a bracket or a keyword) or divides.
	const regexAllowed = () => {
		const before = out.replace(/\s+$/, '');
		if (before === '') return true;
		if (/[(,=:[!&|?{};+\-*%<>~^]$/.test(before)) return true;
		return /\b(return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)$/.test(before);
	};
	const newlinesOf = (s: string) => s.replace(/[^\n]/g, '');
	const placeholder = (value: string, raw: string) => {
		strings.push(value);
		return `'#${strings.length - 1}'${newlinesOf(raw)}`;
	};
	// Scans code until an unmatched `}` (the end of a template's `${…}`) or the end of the text.
	const scanCode = (insideTemplate: boolean): void => {
		let depth = 0;
		while (i < text.length) {
			const c = text[i];
			const next = text[i + 1];
			if (c === '/' && next === '/') {
				while (i < text.length && text[i] !== '\n') i++;
			} else if (c === '/' && next === '*') {
				const end = text.indexOf('*/', i + 2);
				const stop = end < 0 ? text.length : end + 2;
				out += ' ' + newlinesOf(text.slice(i, stop));
				i = stop;
			} else if (c === "'" || c === '"') {
				let j = i + 1;
				let value = '';
				while (j < text.length && text[j] !== c && text[j] !== '\n') {
					if (text[j] === '\\') j++;
					value += text[j];
					j++;
				}
				out += placeholder(value, text.slice(i, j + 1));
				i = j + 1;
			} else if (c === '`') {
				const start = i;
				i++;
				while (i < text.length && text[i] !== '`') {
					if (text[i] === '\\') i += 2;
					else if (text[i] === '$' && text[i + 1] === '{') {
						i += 2;
						const saved = out;
						scanCode(true);
						out = saved;
						i++;
					} else i++;
				}
				i++;
				out += placeholder('`template`', text.slice(start, i));
			} else if (c === '/' && regexAllowed()) {
				const start = i;
				let inClass = false;
				i++;
				while (i < text.length && text[i] !== '\n' && (inClass || text[i] !== '/')) {
					if (text[i] === '\\') i++;
					else if (text[i] === '[') inClass = true;
					else if (text[i] === ']') inClass = false;
					i++;
				}
				i++;
				while (i < text.length && /[a-z]/i.test(text[i])) i++;
				out += placeholder('/regexp/', text.slice(start, i));
			} else {
				if (insideTemplate && c === '{') depth++;
				if (insideTemplate && c === '}') {
					if (depth === 0) return;
					depth--;
				}
				out += c;
				i++;
			}
		}
	};
	scanCode(false);
	return { code: out, strings };
}

/** The module specifiers a file names, with how it names them. */
function specifiersOf(text: string): Specifier[] {
	const { code, strings } = skeleton(text);
	const lineAt = (offset: number) => code.slice(0, offset).split('\n').length;
	const found: Specifier[] = [];
	const patterns: [RegExp, (match: RegExpExecArray) => ImportKind][] = [
		// import x from '…', import { a, b } from '…', import type …, import * as x from '…', export … from '…'
		[
			/\b(import|export)(\s+type\b)?[^;'()=]*?\bfrom\s*'#(\d+)'/g,
			(m) => (m[1] === 'export' ? 'export from' : m[2] ? 'import type' : 'import'),
		],
		// import '…' (for its side effects)
		[/\bimport\s*'#(\d+)'/g, () => 'import'],
		// import('…') and import x = require('…')
		[/\bimport\s*\(\s*'#(\d+)'\s*\)/g, () => 'import()'],
		[/\brequire\s*\(\s*'#(\d+)'\s*\)/g, () => 'require()'],
	];
	for (const [pattern, kindOf] of patterns) {
		for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
			const index = Number(match[match.length - 1]);
			found.push({ specifier: strings[index], kind: kindOf(match), line: lineAt(match.index) });
		}
	}
	return found;
}

/** The .ts file a relative specifier names (`./x`, `./x.js`, `./x/index`), or undefined. */
function resolveRelative(fromFile: string, specifier: string): string | undefined {
	const base = path.resolve(path.dirname(fromFile), specifier);
	const candidates = [base + '.ts', base.replace(/\.js$/, '.ts'), path.join(base, 'index.ts')];
	return candidates.find((candidate) => candidate.endsWith('.ts') && fs.existsSync(candidate) && fs.statSync(candidate).isFile());
}

/** The import graph of src/: edges between files, and the relative specifiers that named no file. */
function importGraph(): { files: string[]; edges: ImportEdge[]; unresolved: string[] } {
	const files = sourceFiles(src);
	const edges: ImportEdge[] = [];
	const unresolved: string[] = [];
	for (const file of files) {
		for (const { specifier, kind, line } of specifiersOf(fs.readFileSync(file, 'utf8'))) {
			if (!specifier.startsWith('.')) continue;
			const target = resolveRelative(file, specifier);
			if (target) edges.push({ from: rel(file), to: rel(target), kind, line });
			// A require of another bundle (`require('./network.js')`) names a file of dist/, not of src/.
			else if (kind !== 'require()') unresolved.push(`${rel(file)}:${line} ${kind} '${specifier}'`);
		}
	}
	return { files: files.map(rel), edges, unresolved };
}

/** The strongly connected components with more than one file (or a file importing itself): each holds a cycle. */
function cycles(files: string[], edges: ImportEdge[]): string[][] {
	const out = new Map<string, string[]>(files.map((file) => [file, []]));
	for (const edge of edges) out.get(edge.from)?.push(edge.to);
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const components: string[][] = [];
	const visit = (file: string) => {
		index.set(file, index.size);
		low.set(file, index.get(file)!);
		stack.push(file);
		onStack.add(file);
		for (const next of out.get(file) ?? []) {
			if (!index.has(next)) {
				visit(next);
				low.set(file, Math.min(low.get(file)!, low.get(next)!));
			} else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
		}
		if (low.get(file) === index.get(file)) {
			const component: string[] = [];
			let member: string;
			do {
				member = stack.pop()!;
				onStack.delete(member);
				component.push(member);
			} while (member !== file);
			if (component.length > 1 || out.get(file)!.includes(file)) components.push(component.sort());
		}
	};
	for (const file of files) if (!index.has(file)) visit(file);
	return components;
}

/** One concrete loop through a component, as `a.ts:3 import type → b.ts:7 import → a.ts`, for the failure message. */
function describeCycle(component: string[], edges: ImportEdge[]): string {
	const inside = new Set(component);
	const start = component[0];
	// Breadth-first from start back to start, staying inside the component: the shortest loop.
	const previous = new Map<string, ImportEdge>();
	const queue = [start];
	while (queue.length > 0) {
		const file = queue.shift()!;
		for (const edge of edges.filter((e) => e.from === file && inside.has(e.to))) {
			if (edge.to === start) {
				const loop = [edge];
				for (let at = edge.from; at !== start; at = previous.get(at)!.from) loop.unshift(previous.get(at)!);
				return [...loop.map((e) => `${e.from}:${e.line} (${e.kind})`), start].join(' → ');
			}
			if (!previous.has(edge.to)) {
				previous.set(edge.to, edge);
				queue.push(edge.to);
			}
		}
	}
	return component.join(', ');
}

describe('import cycles', () => {
	const { files, edges, unresolved } = importGraph();

	it('reads every import of src/ (every relative specifier names a file)', () => {
		assert.deepEqual(unresolved, []);
		// A scanner that found nothing would find no cycle either: the composition root imports every feature.
		assert.ok(files.length > 50 && edges.length > files.length, `${files.length} files, ${edges.length} imports`);
		assert.ok(edges.some((e) => e.from === 'src/extension.ts' && e.to.startsWith('src/features/')));
		assert.ok(edges.some((e) => e.kind === 'import type'));
	});

	it('finds no import cycle in src/, type imports included', () => {
		const found = cycles(files, edges).map((component) => `${component.join(', ')}\n  e.g. ${describeCycle(component, edges)}`);
		assert.ok(
			found.length === 0,
			`import cycles (break each by moving the shared piece to a folder both may import):\n${found.join('\n')}`,
		);
	});
});
