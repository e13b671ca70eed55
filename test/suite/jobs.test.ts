/**
 * Job results beyond images, in the real VS Code host against the emulator: a Firefly video job and
 * an InDesign job that ends in partial_success, followed through the Jobs view (each row names the
 * API that issued the job, its state, its errors and its outputs), and a script that waited for a
 * job getting the outputs' pre-signed URLs while nothing the extension keeps holds them.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { emulatorControl, emulatorRequests, emulatorUrl, requestFileProfile } from './helpers';

interface JobSummary {
	id: string;
	api: string;
	state: string;
	terminal: boolean;
	errors: Array<{ code?: string; message: string }>;
	outputs: Array<{ label: string; mediaType?: string; video?: boolean; url?: string; location?: string }>;
}

interface SendResult {
	status: number;
	job?: JobSummary;
}

const PROFILE = 'Job results';
const AUTH = 'Authorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}';
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));

describe('Job results: video, InDesign partial_success, URLs for a waiting script', function () {
	this.timeout(60_000);
	const fixture = requestFileProfile(PROFILE, 'adobe-job-results-');
	let api: TestApi;
	const requestFile = (name: string, text: string) => fixture.requestFile(name, text).toString();

	/** The Jobs view's row for a job and the rows under it, as VS Code renders them. */
	async function rowsOf(id: string): Promise<{ row: vscode.TreeItem; children: vscode.TreeItem[] }> {
		const tree = api.jobTree();
		const elements = (await tree.getChildren()) as Array<{ job: { id: string } }>;
		const element = elements.find((el) => el.job.id === id) ?? assert.fail(`job ${id} is not in the Jobs view`);
		const children = await tree.getChildren(element);
		return { row: tree.getTreeItem(element), children: children.map((child) => tree.getTreeItem(child)) };
	}
	const iconOf = (item: vscode.TreeItem) => (item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined);

	before(() => {
		({ api } = fixture);
	});

	it('follows a Firefly video job: the view names Firefly and shows the video; the waiting script gets its URL, which nothing keeps', async () => {
		const uri = requestFile(
			'video.http',
			`# @name waves\nPOST {{$adobeEndpoint firefly}}/v3/videos/generate\n${AUTH}\nContent-Type: application/json\n\n{ "prompt": "waves at dusk", "seeds": [7] }\n`,
		);
		const result = await run<SendResult>('adobeApi.sendRequest', { uri, waitForJob: true });
		assert.equal(result.status, 202);
		const job = result.job ?? assert.fail('the answer was not recognised as a job');
		assert.deepEqual([job.api, job.state, job.terminal], ['firefly', 'succeeded', true]);
		assert.equal(job.outputs.length, 1);
		const [video] = job.outputs;
		assert.deepEqual([video.label, video.video], ['video 1 (seed 2000)', true]);
		const url = video.url ?? assert.fail('the scripted result has no URL for the output');
		// Whole, with its session token (which the redactor leaves alone: the emulator refuses the output without it) and signature.
		assert.match(
			url,
			/\/__jobs\/output\/[0-9a-f]+\?X-Amz-Expires=3600&X-Amz-Security-Token=[\w-]+&X-Amz-Signature=[0-9a-f]+$/,
			'the pre-signed URL whole',
		);

		// The script can fetch what the job made, without a token.
		const fetched = await fetch(url);
		assert.deepEqual([fetched.status, fetched.headers.get('content-type')], [200, 'video/mp4']);

		// What the extension keeps (the Jobs view's workspaceState, the history, the log) has no URL.
		const signature = new URL(url).searchParams.get('X-Amz-Signature') ?? assert.fail('no signature');
		const sessionToken = new URL(url).searchParams.get('X-Amz-Security-Token') ?? assert.fail('no session token');
		const outputPath = new URL(url).pathname;
		const stored = (api.jobs() as JobSummary[]).find((j) => j.id === job.id) ?? assert.fail('the job is not listed');
		assert.deepEqual(stored.outputs, [{ label: 'video 1 (seed 2000)', video: true }]);
		const history = await run<unknown[]>('adobeApi.showRequestHistory', {});
		for (const [what, text] of [
			['the stored jobs', JSON.stringify(api.jobs())],
			['the history', JSON.stringify(history)],
			['the log', api.logLines().join('\n')],
		] as const) {
			assert.ok(!text.includes(signature) && !text.includes(sessionToken) && !text.includes(outputPath), `${what} holds the output URL`);
		}

		const { row, children } = await rowsOf(job.id);
		assert.match(String(row.description), /^Firefly · succeeded · /);
		assert.deepEqual(
			children.map((child) => [child.label, iconOf(child)]),
			[['video 1 (seed 2000)', 'device-camera-video']],
		);
	});

	it('follows an InDesign job that ends in partial_success: the view names InDesign, the state, its errors and the output it made', async () => {
		await emulatorControl('POST', 'faults', { route: 'indesign.submit', fault: { type: 'jobPartial' }, times: 1 });
		const body = {
			assets: [{ source: { url: 'https://example.com/brochure.indd' }, destination: 'brochure.indd' }],
			params: { targetDocuments: ['brochure.indd'], outputMediaType: 'image/png' },
		};
		// The emulator stands in for https://indesign.adobe.io: the submitting path tells the API.
		const uri = requestFile(
			'rendition.http',
			`@indesign = ${emulatorUrl()}\n\n# @name brochure\nPOST {{indesign}}/v3/create-rendition\n${AUTH}\nContent-Type: application/json\n\n${JSON.stringify(body)}\n`,
		);
		const pollsBefore = (await emulatorRequests('indesign.status')).length;
		const result = await run<SendResult>('adobeApi.sendRequest', { uri, waitForJob: true });
		const job = result.job ?? assert.fail('the answer was not recognised as a job');
		assert.deepEqual([job.api, job.state, job.terminal], ['indesign', 'partially_succeeded', true], 'partial_success ends the job');
		assert.ok((await emulatorRequests('indesign.status')).length - pollsBefore >= 3, "polled at InDesign's status until it ended");
		assert.deepEqual(job.errors, [
			{ code: 'rendition_failed', message: 'brochure-2.png: This page could not be rendered: a linked image is missing.' },
		]);
		assert.deepEqual(
			job.outputs.map((o) => [o.label, typeof o.url]),
			[['brochure.png', 'string']],
		);

		const { row, children } = await rowsOf(job.id);
		assert.match(String(row.description), /^InDesign · partially succeeded · /);
		assert.equal(iconOf(row), 'warning');
		assert.deepEqual(
			children.map((child) => [child.label, iconOf(child)]),
			[
				['rendition_failed: brochure-2.png: This page could not be rendered: a linked image is missing.', 'error'],
				['brochure.png', 'file-media'],
			],
		);
	});
});
