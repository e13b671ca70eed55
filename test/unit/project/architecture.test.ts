/**
 * docs/ARCHITECTURE.md names every folder of src/, so a newcomer finds each room on the map, and writes the order of
 * the core folders that eslint.config.mjs enforces (CORE_ORDER), so the map and the machine cannot drift apart.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(__dirname, '../../../..');
const src = path.join(root, 'src');
const map = fs.readFileSync(path.join(root, 'docs/ARCHITECTURE.md'), 'utf8');

/** Every folder under src/, as `core/storage/`, recursively. */
function folders(dir: string, prefix = ''): string[] {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.flatMap((entry) => [`${prefix}${entry.name}/`, ...folders(path.join(dir, entry.name), `${prefix}${entry.name}/`)]);
}

/** Whether the map names a folder as code: `core/storage/` or `src/core/storage/`. */
const named = (folder: string) => map.includes('`' + folder + '`') || map.includes('`src/' + folder + '`');

describe('architecture map (docs/ARCHITECTURE.md)', () => {
	it('names every folder of src/', () => {
		const all = folders(src);
		assert.ok(all.includes('core/common/') && all.includes('features/'), all.join(', '));
		const missing = all.filter((folder) => !named(folder));
		assert.ok(
			missing.length === 0,
			`docs/ARCHITECTURE.md does not name ${missing.map((f) => '`' + f + '`').join(', ')}: add a line saying what lives there and what it may import`,
		);
	});

	it('writes the order of the core folders that eslint.config.mjs enforces, and that order holds every folder of src/core', async () => {
		// A real import() (TypeScript keeps it under "module": "Node16"): the config is an ES module.
		const { CORE_ORDER } = (await import(pathToFileURL(path.join(root, 'eslint.config.mjs')).href)) as { CORE_ORDER: string[] };
		const core = fs
			.readdirSync(path.join(src, 'core'), { withFileTypes: true })
			.map((entry) => (entry.isDirectory() ? entry.name : entry.name.replace(/\.ts$/, '')))
			.sort();
		const unplaced = core.filter((name) => !CORE_ORDER.includes(name));
		const gone = CORE_ORDER.filter((name) => !core.includes(name));
		assert.ok(
			unplaced.length === 0 && gone.length === 0 && new Set(CORE_ORDER).size === CORE_ORDER.length,
			`CORE_ORDER in eslint.config.mjs lists each folder (and file) of src/core once: place ${unplaced.join(', ') || '-'} in it, drop ${gone.join(', ') || '-'}`,
		);
		const order = CORE_ORDER.join(' → ');
		assert.ok(map.includes(order), `docs/ARCHITECTURE.md writes the core order as eslint.config.mjs does: ${order}`);
	});
});
