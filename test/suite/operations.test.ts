import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { render } from '../emulator/operations';
import { emulatorControl, emulatorRequests, jobInView, rejection, storageProject } from './helpers';

const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));

interface RunResult {
	job: { state: string; jobId?: string; outputs: Array<{ label: string; mediaType?: string }> };
	results: vscode.Uri[];
	route: 'creativeCloud' | 'presignedUrl' | 'fireflyUpload';
	notSaved: Array<{ label: string; reason: string }>;
}
interface Listed {
	operations: Array<{ id: string; title: string; api: string; inputMediaTypes: string[]; options: Array<{ key: string; kind: string }> }>;
}

/** The operation these tests run (Photoshop v2 `edit` with autoTone), and the emulator route its submit goes to. */
const AUTO_TONE = 'photoshop.autoTone';
const AUTO_TONE_ROUTE = 'photoshop.v2Edit';

/**
 * Adobe's operations on a Cloud Storage file through the commands (issue #20), against the emulator's
 * Photoshop v2 and Firefly routes and its storage writes: the result beside the source with the bytes the
 * emulator made, a new version keeping the asset id, a failed job and a Cancel leaving the source as it
 * was, a reload's pending record finishing the save-back, and the context menu's `when` on the rows.
 */
describe('Operations on a storage file', function () {
	// Photoshop v2's status is first asked after Adobe's documented pace (seconds): a job here takes one poll.
	this.timeout(90_000);
	const ctx = storageProject('Operations Suite', 'Operations Suite');
	const source = () => ctx.uri(ctx.project, 'post-01.jpg');
	const names = async () => (await vscode.workspace.fs.readDirectory(ctx.uri(ctx.project))).map(([name]) => name).sort();
	const bytes = async (uri: vscode.Uri) => Buffer.from(await vscode.workspace.fs.readFile(uri));
	const assetId = async (uri: vscode.Uri) => (await run<{ assetId: string }>('adobeApi.storage.showAccess', { uri })).assetId;
	let original: Buffer;
	let firstRoute: RunResult['route'] | undefined;

	before(async () => {
		await emulatorControl('POST', 'jobs/config', { pollsToFinish: 1 });
		await run('adobeApi.storage.copyTo', {
			uri: ctx.uri('Brand Refresh 2026', 'Social', 'Instagram', 'post-01.jpg'),
			destination: ctx.uri(ctx.project),
		});
		await vscode.workspace.fs.writeFile(ctx.uri(ctx.project, 'notes.txt'), Buffer.from('not an image\n'));
		original = await bytes(source());
		assert.equal(original.subarray(0, 3).toString('hex'), 'ffd8ff', 'the source is a JPEG');
	});

	after(() => emulatorControl('POST', 'jobs/config', { pollsToFinish: 3 }));

	it('lists the operations that take a JPEG (each with its options), none for a text file', async () => {
		const all = await run<Listed>('adobeApi.storage.listOperations', {});
		const forJpeg = await run<Listed>('adobeApi.storage.listOperations', { uri: source() });
		assert.ok(
			forJpeg.operations.some((o) => o.id === AUTO_TONE),
			JSON.stringify(forJpeg.operations.map((o) => o.id)),
		);
		assert.ok(forJpeg.operations.every((o) => o.inputMediaTypes.includes('image/jpeg')));
		assert.ok(all.operations.length >= forJpeg.operations.length);
		assert.ok(all.operations.some((o) => o.api === 'firefly') && all.operations.some((o) => o.api === 'photoshopV2'));
		const forText = await run<Listed>('adobeApi.storage.listOperations', { uri: ctx.uri(ctx.project, 'notes.txt') });
		assert.deepEqual(forText.operations, []);
		const refused = await rejection(run('adobeApi.storage.runOperation', { uri: ctx.uri(ctx.project, 'notes.txt'), operation: AUTO_TONE }));
		assert.match(refused.message, /No Adobe operation takes "notes\.txt" \(text\/plain\)/);
	});

	it('opens the same call as an untitled request file: the token and the pre-signed input as variables, nothing sent', async () => {
		await emulatorControl('POST', 'clear-requests');
		const { document } = await run<{ document: vscode.Uri }>('adobeApi.storage.runOperation', {
			uri: source(),
			operation: AUTO_TONE,
			requestFile: true,
		});
		const text = (await vscode.workspace.openTextDocument(document)).getText();
		assert.equal(document.scheme, 'untitled');
		assert.match(text, /^POST .*\/v2\/edit/m);
		assert.match(text, /\{\{\$adobeToken\}\}/);
		assert.doesNotMatch(text, /X-Amz-|Signature=|Bearer ey/i, 'no pre-signed URL, no token');
		assert.deepEqual(await emulatorRequests(AUTO_TONE_ROUTE), [], 'nothing was submitted');
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
	});

	it('runs Auto Tone through the command: the result appears beside the source with the bytes the emulator produced, the job in the Jobs view', async () => {
		await emulatorControl('POST', 'clear-requests');
		const result = await run<RunResult>('adobeApi.storage.runOperation', {
			uri: source(),
			operation: AUTO_TONE,
			options: {},
		});
		firstRoute = result.route;
		assert.ok(api().globalStateKeys().includes('adobeApi.operations.routes'), 'the route that worked is remembered for the profile');
		assert.equal(result.job.state, 'succeeded');
		assert.deepEqual(result.results.map(String), [ctx.uri(ctx.project, 'post-01 (auto tone).jpg').toString()]);
		assert.deepEqual(await names(), ['notes.txt', 'post-01 (auto tone).jpg', 'post-01.jpg']);
		const made = await bytes(result.results[0]);
		assert.equal(made.subarray(0, 3).toString('hex'), 'ffd8ff', 'a JPEG the preview can show');
		assert.deepEqual(made, render('image/jpeg', `${result.job.jobId}#0`), 'the bytes the emulator produced for the job');
		assert.deepEqual(await bytes(source()), original, 'the source is untouched');
		const job = api()
			.jobs()
			.find((j) => j.jobId === result.job.jobId);
		assert.ok(job, 'the job is in the Jobs view');
		assert.equal(job.state, 'succeeded');
		assert.match(job.title, /Auto Tone · post-01\.jpg \(via /);
		const sent = await emulatorRequests();
		assert.ok(!sent.some((r) => /\/status\//.test(r.path) && r.status === 401), 'no status poll went without a token');
	});

	it('saves as a new version: the same asset id, new content; the previous bytes are not kept in the file', async () => {
		const target = ctx.uri(ctx.project, 'post-01 (auto tone).jpg');
		const before = await bytes(target);
		const id = await assetId(target);
		const result = await run<RunResult>('adobeApi.storage.runOperation', {
			uri: target,
			operation: AUTO_TONE,
			options: {},
			saveAs: 'newVersion',
		});
		assert.equal(result.job.state, 'succeeded');
		assert.deepEqual(result.results.map(String), [target.toString()]);
		assert.equal(await assetId(target), id, 'a new version keeps the asset id');
		assert.notDeepEqual(await bytes(target), before);
		assert.deepEqual(await bytes(target), render('image/jpeg', `${result.job.jobId}#0`));
		assert.deepEqual(await names(), ['notes.txt', 'post-01 (auto tone).jpg', 'post-01.jpg'], 'no new file');
	});

	it("a failed job leaves the source and its folder unchanged, and says so with Adobe's error", async () => {
		await emulatorControl('POST', 'faults', {
			route: AUTO_TONE_ROUTE,
			fault: { type: 'jobFailed', errors: [{ errorCode: 'input_unsupported', message: 'The input could not be read' }] },
			times: 1,
		});
		const error = await rejection(run('adobeApi.storage.runOperation', { uri: source(), operation: AUTO_TONE }));
		assert.match(error.message, /The input could not be read/);
		assert.match(error.message, /nothing was saved and post-01\.jpg is unchanged/);
		assert.deepEqual(await names(), ['notes.txt', 'post-01 (auto tone).jpg', 'post-01.jpg']);
		assert.deepEqual(await bytes(source()), original);
	});

	it('Cancel (in the Jobs view) stops polling and saves nothing', async () => {
		await emulatorControl('POST', 'faults', { route: AUTO_TONE_ROUTE, fault: { type: 'jobHold' }, times: 1 });
		const running = run<RunResult>('adobeApi.storage.runOperation', { uri: source(), operation: AUTO_TONE });
		const job = await jobInView(api(), (j) => !j.terminal && /post-01\.jpg/.test(j.title) && j.polls >= 1);
		await run('adobeApi.jobs.cancel', { id: job.id });
		const error = await rejection(running);
		assert.match(error.message, /cancel/i);
		const stopped = api()
			.jobs()
			.find((j) => j.id === job.id);
		assert.ok(stopped?.terminal, 'the Jobs view stopped following it');
		// The held job ends now at the emulator: nothing may follow it or save its output.
		const polled = async () => (await emulatorRequests()).filter((r) => job.jobId !== undefined && r.path.includes(job.jobId)).length;
		const pollsAtCancel = await polled();
		await emulatorControl('POST', 'jobs/release', {});
		// A whole other job's worth of polling time (a new version of the earlier result): the cancelled job is not polled in it.
		await run<RunResult>('adobeApi.storage.runOperation', {
			uri: ctx.uri(ctx.project, 'post-01 (auto tone).jpg'),
			operation: AUTO_TONE,
			options: {},
			saveAs: 'newVersion',
		});
		assert.equal(await polled(), pollsAtCancel, 'no poll after Cancel');
		assert.equal(
			api()
				.jobs()
				.find((j) => j.id === job.id)?.polls,
			stopped.polls,
		);
		assert.deepEqual(await names(), ['notes.txt', 'post-01 (auto tone).jpg', 'post-01.jpg']);
		assert.deepEqual(await bytes(source()), original);
	});

	it('after a reload, a pending operation in workspaceState finishes its save-back', async () => {
		// A job submitted by the window before the "reload": held at the emulator, its row's follow stopped as a closing window's would be.
		await emulatorControl('POST', 'faults', { route: AUTO_TONE_ROUTE, fault: { type: 'jobHold' }, times: 1 });
		const first = run<RunResult>('adobeApi.storage.runOperation', {
			uri: source(),
			operation: AUTO_TONE,
			options: {},
			onConflict: 'keepBoth',
		});
		const job = await jobInView(api(), (j) => !j.terminal && /post-01\.jpg/.test(j.title));
		await run('adobeApi.jobs.cancel', { id: job.id });
		await rejection(first);
		await emulatorControl('POST', 'jobs/release', {});
		const pending = {
			operation: AUTO_TONE,
			options: {},
			file: {
				assetId: await assetId(source()),
				name: 'post-01.jpg',
				mediaType: 'image/jpeg',
				parentId: ctx.projectId,
				projectId: ctx.projectId,
				pathInProject: 'post-01.jpg',
			},
			saveAs: 'beside',
			route: firstRoute ?? 'presignedUrl',
			job: { statusUrl: job.statusUrl, jobId: job.jobId, api: job.api },
			submittedAt: job.submittedAt,
			profileId: api().services.profiles.find('Operations Suite')?.id,
		};
		const { resumed } = await run<{ resumed: Array<{ results: vscode.Uri[]; error?: string }> }>('adobeApi.storage.runOperation', {
			resume: true,
			simulate: pending,
		});
		assert.equal(resumed.length, 1);
		assert.equal(resumed[0].error, undefined);
		assert.equal(resumed[0].results.length, 1);
		const saved = decodeURIComponent(path.posix.basename(resumed[0].results[0].path));
		// The name was taken by the first test's result: Keep Both (Adobe's autorename) saved it beside that one.
		assert.match(saved, /^post-01 \(auto tone\).*\(1\)/);
		assert.deepEqual(await names(), ['notes.txt', 'post-01 (auto tone).jpg', saved, 'post-01.jpg'].sort());
		assert.equal((await bytes(resumed[0].results[0])).subarray(0, 3).toString('hex'), 'ffd8ff');
		const again = await run<{ resumed: unknown[] }>('adobeApi.storage.runOperation', { resume: true });
		assert.deepEqual(again.resumed, [], 'the pending record is gone once saved');
	});

	it('falls back to a pre-signed URL when Adobe refuses Creative Cloud, says so, and starts there next time for this profile', async () => {
		const target = ctx.uri(ctx.project, 'post-01 (auto tone).jpg');
		const submits = async () => (await emulatorRequests(AUTO_TONE_ROUTE)).map((r) => r.status);
		await emulatorControl('POST', 'operations/config', { refuseCreativeCloud: 'submit' });
		try {
			await emulatorControl('POST', 'clear-requests');
			const refused = await run<RunResult & { fellBack?: { code?: string; message: string } }>('adobeApi.storage.runOperation', {
				uri: target,
				operation: AUTO_TONE,
				saveAs: 'newVersion',
			});
			assert.equal(refused.route, 'presignedUrl');
			assert.equal(refused.fellBack?.code, 'unauthorized_forbidden');
			assert.deepEqual(await submits(), [403, 202], 'Creative Cloud refused, then the pre-signed route');
			assert.deepEqual(await bytes(target), render('image/jpeg', `${refused.job.jobId}#0`));
			await emulatorControl('POST', 'clear-requests');
			const next = await run<RunResult>('adobeApi.storage.runOperation', { uri: target, operation: AUTO_TONE, saveAs: 'newVersion' });
			assert.equal(next.route, 'presignedUrl');
			assert.deepEqual(await submits(), [202], 'the remembered route first: no refused attempt');
			assert.match(
				api()
					.jobs()
					.find((j) => j.jobId === next.job.jobId)?.title ?? '',
				/\(via a pre-signed URL\)/,
			);
		} finally {
			await emulatorControl('POST', 'operations/config', { refuseCreativeCloud: false });
		}
	});

	it("runs Firefly's Generate Similar through its upload route: two results beside the source, numbered", async () => {
		const result = await run<RunResult>('adobeApi.storage.runOperation', {
			uri: source(),
			operation: 'firefly.similar',
			options: { numVariations: 2 },
		});
		assert.equal(result.route, 'fireflyUpload');
		assert.equal(result.job.state, 'succeeded');
		const saved = result.results.map((u) => path.posix.basename(u.path));
		assert.equal(saved.length, 2);
		assert.match(saved[0], /^post-01 \(similar 1\)\./);
		assert.match(saved[1], /^post-01 \(similar 2\)\./);
		for (const name of saved) assert.ok((await names()).includes(name), name);
		assert.deepEqual(await bytes(source()), original, 'the source is untouched');
	});

	it('the context menu offers Run Adobe Operation… on file rows an operation takes, and on no other row', async () => {
		const manifest = JSON.parse(
			fs.readFileSync(
				path.join(vscode.extensions.getExtension('adobe-api-toolkit.adobe-api-toolkit')!.extensionPath, 'package.json'),
				'utf8',
			),
		);
		const items = (manifest.contributes.menus['view/item/context'] as Array<{ command: string; when: string }>).filter(
			(m) => m.command === 'adobeApi.storage.runOperation',
		);
		assert.equal(items.length, 1);
		const pattern = /viewItem =~ \/(.+)\/$/.exec(items[0].when)?.[1];
		assert.ok(pattern && items[0].when.startsWith('view == adobeApi.explorer && '), items[0].when);
		const shows = (contextValue: string | undefined) => new RegExp(pattern).test(contextValue ?? '');
		const explorer = api().explorer;
		const [profileRow] = await explorer.getChildren();
		const storage = (await explorer.getChildren(profileRow)).find((n) => n.kind === 'storage');
		assert.ok(storage);
		const projectRow = (await explorer.getChildren(storage)).find((n) => n.kind === 'asset' && n.asset.name === ctx.project);
		assert.ok(projectRow);
		const rows = await explorer.getChildren(projectRow);
		const valueOf = (name: string) => {
			const row = rows.find((n) => n.kind === 'asset' && n.asset.name === name);
			assert.ok(row, name);
			return explorer.getTreeItem(row).contextValue;
		};
		assert.ok(shows(valueOf('post-01.jpg')), valueOf('post-01.jpg'));
		assert.ok(!shows(valueOf('notes.txt')), valueOf('notes.txt'));
		assert.ok(!shows(explorer.getTreeItem(projectRow).contextValue));
		assert.ok(!shows('asset.file.image'), 'an image no operation takes (an SVG) has no item');
		assert.ok(!shows('asset.deleted.file'));
		// VS Code's Explorer and an editor tab offer it on adobe-storage: images only.
		for (const menu of ['explorer/context', 'editor/title/context']) {
			const entry = (manifest.contributes.menus[menu] as Array<{ command: string; when: string }>).find(
				(m) => m.command === 'adobeApi.storage.runOperation',
			);
			assert.match(entry?.when ?? '', /^resourceScheme == adobe-storage && resourceExtname =~ /, menu);
			const extensions = new RegExp(/resourceExtname =~ \/(.+)\/i/.exec(entry?.when ?? '')?.[1] ?? '^$', 'i');
			assert.ok(
				['.jpg', '.PNG', '.psd', '.tif'].every((e) => extensions.test(e)) && !['.txt', '.svg', '.pdf'].some((e) => extensions.test(e)),
			);
		}
	});

	const api = () => ctx.api;
});
