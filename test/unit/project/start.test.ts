/**
 * `npm start`'s output without starting anything: its phase lines (test/host/progress.js) on a
 * terminal and off one, and its closing text (test/host/start.js): the demo credential's scopes are
 * those Add Profile fills in, and the URL to open comes last, alone on its line. test/ui/start.ui.test.ts
 * runs the real `npm start`.
 */
import * as assert from 'node:assert/strict';
import { API_KINDS } from '../../../src/core/credentials/apiKinds';
import { createPhases, elapsed } from '../../host/progress';
import { PREFILLED_SCOPES, banner } from '../../host/start';

/** A stream that records what is written, as a terminal (isTTY) or a pipe. */
function stream(isTTY: boolean) {
	const written: string[] = [];
	return { written, isTTY, columns: 100, write: (text: string) => written.push(text) };
}

/** What a terminal shows once everything is drawn: each carriage return and erase-line (ESC [2K) redraws the line. */
function screen(written: string[]): string[] {
	const ERASE_LINE = '\u001b[2K';
	const lines = [''];
	for (const [n, chunk] of written.join('').split(ERASE_LINE).entries()) {
		if (n > 0) lines[lines.length - 1] = ''; // each ESC [2K erases the line it is on
		for (const [i, part] of chunk.split('\n').entries()) {
			if (i > 0) lines.push('');
			lines[lines.length - 1] += part.replaceAll('\r', '');
		}
	}
	return lines;
}

describe('npm start output', () => {
	it('off a terminal: one plain line per phase, numbered 1/3 to 3/3 in order, with a long step announced on its own line', async () => {
		const out = stream(false);
		let t = 0;
		const phases = createPhases(3, out, () => t);
		await phases.run('Test host', 'checking', async (step) => {
			step('installing code-server 4.139.1 (first run only, 2 to 5 minutes)…');
			t += 125_000;
			return { value: 1, done: 'Test host: VS Code 1.139.1 (code-server 4.139.1)' };
		});
		await phases.run('Extension', 'packaging', async () => ({ value: 2, done: 'Extension: packaged and installed' }));
		const served = await phases.run('VS Code', 'starting', async () => {
			t += 3_000;
			return { value: 'served', done: 'VS Code started' };
		});
		assert.equal(served, 'served');
		assert.deepEqual(out.written.join('').split('\n'), [
			'  [1/3] installing code-server 4.139.1 (first run only, 2 to 5 minutes)…',
			'[1/3] Test host: VS Code 1.139.1 (code-server 4.139.1) · 2m 05s',
			'[2/3] Extension: packaged and installed · 0s',
			'[3/3] VS Code started · 3s',
			'',
		]);
		assert.ok(!out.written.join('').includes('\r'), 'no spinner, no carriage return in a log');
	});

	it('on a terminal: a spinner line per phase that says what it does and for how long, left as one ticked line', async () => {
		const out = stream(true);
		let t = 0;
		const phases = createPhases(2, out, () => t);
		await phases.run('Test host', 'checking', async (step) => {
			t += 47_000;
			step('installing code-server 4.139.1 (first run only, 2 to 5 minutes)…');
			// What the terminal shows while the phase runs (redrawn at each step, and every 100 ms for the spinner).
			assert.match(
				screen(out.written).at(-1) ?? '',
				/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] \[1\/2\] Test host: installing code-server 4\.139\.1 \(first run only, 2 to 5 minutes\)… {2}47s$/,
			);
			return { value: undefined, done: 'Test host: ready' };
		});
		await assert.rejects(
			phases.run('VS Code', 'starting', async () => {
				throw new Error('code-server did not answer');
			}),
			/did not answer/,
		);
		assert.deepEqual(screen(out.written), ['✔ [1/2] Test host: ready · 47s', '✘ [2/2] VS Code: failed after 0s', '']);
	});

	it('formats elapsed time in seconds, then minutes and seconds', () => {
		assert.deepEqual([elapsed(400), elapsed(59_000), elapsed(125_000)], ['0s', '59s', '2m 05s']);
	});

	it("names, for the demo credential, the scopes Add Profile fills in for each API kind (the extension's defaults)", () => {
		for (const [kind, { scopes }] of Object.entries(PREFILLED_SCOPES)) {
			assert.deepEqual(scopes, API_KINDS[kind as keyof typeof API_KINDS].defaultScopes, kind);
		}
		const text = banner({ url: 'http://127.0.0.1:8080/?folder=%2Ftmp%2Fw', demoEnv: '/tmp/w/adobe-demo.env', photoshopV1: true });
		assert.match(text, /^ +Photoshop API +openid,AdobeID,read_organizations$/m);
		assert.match(text, /^ +Cloud Storage +openid,AdobeID,creative_sdk,cloud_storage_collab_api$/m);
	});

	it('ends with the URL to open, alone on the last line after a blank one', () => {
		const url = 'http://127.0.0.1:8080/?folder=%2Ftmp%2Fw';
		const lines = banner({ url, demoEnv: '/tmp/w/adobe-demo.env', photoshopV1: false }).split('\n');
		assert.deepEqual(lines.slice(-3), ['', `  ${url}`, '']);
		assert.equal(lines.filter((line) => line.includes(url)).length, 1, 'printed once');
	});
});
