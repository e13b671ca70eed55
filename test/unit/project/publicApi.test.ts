/** The API for other extensions (src/api.ts) is a file they copy: it must stay copyable and match docs/api.md and the code. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { API_KINDS } from '../../../src/core/credentials/apiKinds';

const root = path.resolve(__dirname, '../../../..');
const apiSource = fs.readFileSync(path.join(root, 'src/api.ts'), 'utf8');

describe('public API types', () => {
	it('import nothing at run time, so another extension can copy the file as it is', () => {
		const imports = apiSource.split('\n').filter((line) => /^\s*import\b/.test(line));
		assert.deepEqual(imports, ["import type * as vscode from 'vscode';"]);
		assert.ok(!/^\s*export\s+(const|function|class|let|enum)\b/m.test(apiSource), 'src/api.ts must hold types only');
	});

	it('are shown in docs/api.md exactly as in src/api.ts', () => {
		const page = fs.readFileSync(path.join(root, 'docs/api.md'), 'utf8');
		const declarations = apiSource.slice(apiSource.indexOf('import type')).trimEnd();
		assert.ok(
			page.includes(`\`\`\`ts\n${declarations}\n\`\`\``),
			'update the types in docs/api.md (API for other extensions) from src/api.ts',
		);
	});

	it('name every API kind a profile can have, and no other', () => {
		const union = /export type AdobeApiKind = ([^;]+);/.exec(apiSource)?.[1] ?? assert.fail('no AdobeApiKind in src/api.ts');
		const kinds = [...union.matchAll(/'([^']+)'/g)].map((match) => match[1]);
		assert.deepEqual(kinds.sort(), Object.keys(API_KINDS).sort());
	});
});
