/**
 * Issue #18 (12): the empty Adobe view leads with two buttons (Import, Add) and offers the rest as links
 * in sentences. In a welcome view a line that is only `[label](command:…)` renders as a button, a link
 * inside a sentence as a link (https://code.visualstudio.com/api/references/contribution-points#contributes.viewsWelcome).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, Views } from '../../../src/shared/constants';

const root = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const welcome = (when: string): string =>
	manifest.contributes.viewsWelcome.find((w: { view: string; when?: string }) => w.view === Views.explorer && w.when === when)?.contents ??
	assert.fail(`no welcome content for ${when}`);
const buttons = (contents: string) =>
	contents
		.split('\n')
		.map((line) => /^\[[^\]]+\]\(command:([\w.]+)\)$/.exec(line.trim())?.[1])
		.filter((command): command is string => command !== undefined);
const links = (contents: string) => [...contents.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]);

describe('the Adobe view', () => {
	it('is called "Adobe", not "Explorer" like VS Code\'s own view', () => {
		const view = manifest.contributes.views[Views.container].find((v: { id: string }) => v.id === Views.explorer);
		assert.equal(view.name, 'Adobe');
	});

	it('offers Import and Add as its only buttons when empty, and paste cURL, Sign In and Check Setup as links', () => {
		const contents = welcome('!adobeApi.hasProfiles');
		assert.deepEqual(buttons(contents), [Commands.importProfile, Commands.addProfile]);
		assert.deepEqual(links(contents), [
			Commands.importProfile,
			Commands.addProfile,
			Commands.importCurl,
			Commands.signIn,
			Commands.checkSetup,
		]);
	});

	it('offers Generate Token as the one button when the active profile has no token', () => {
		const contents = welcome('adobeApi.hasProfiles && !adobeApi.hasToken');
		assert.deepEqual(buttons(contents), [Commands.generateToken]);
		assert.deepEqual(links(contents), [Commands.generateToken, Commands.selectProfile, Commands.checkSetup]);
	});
});
