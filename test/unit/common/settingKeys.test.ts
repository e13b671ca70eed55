import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTINGS_SECTION, Settings, keyInSection } from '../../../src/core/common/settingKeys';

describe('setting keys', () => {
	const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8'));
	const configuration = manifest.contributes.configuration;
	const declared = (Array.isArray(configuration) ? configuration : [configuration]).flatMap((part: { properties?: object }) =>
		Object.keys(part.properties ?? {}),
	);
	const ours: string[] = Object.values(Settings);

	it("are package.json's contributes.configuration, each key once, neither list with one the other lacks", () => {
		assert.ok(declared.length > 0, 'package.json declares settings');
		assert.deepEqual(
			declared.filter((key) => !ours.includes(key)),
			[],
			'declared in package.json, missing from src/core/common/settingKeys.ts',
		);
		assert.deepEqual(
			ours.filter((key) => !declared.includes(key)),
			[],
			'in src/core/common/settingKeys.ts, not declared in package.json',
		);
		assert.equal(new Set(ours).size, ours.length, 'no key twice');
	});

	it('are all in the adobeApi section, read inside it without the prefix', () => {
		for (const key of Object.values(Settings)) assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), key);
		assert.equal(keyInSection(Settings.autoRefresh), 'token.autoRefresh');
		assert.equal(keyInSection(Settings.imsBaseUrl), 'imsBaseUrl');
	});
});
