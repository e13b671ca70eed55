import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AdobeApiToolkit } from '../../src/api';
import type { TestApi } from '../../src/extension';

export const EXTENSION_ID = 'adobe-api-toolkit.adobe-api-toolkit';

/** What activate() returns in ExtensionMode.Test: the public API, and the tests' hooks under a non-enumerable `testApi`. */
export type ExportedApi = AdobeApiToolkit & { readonly testApi?: TestApi };

export async function activateExtension(): Promise<{ extension: vscode.Extension<ExportedApi>; api: TestApi }> {
	const extension = vscode.extensions.getExtension<ExportedApi>(EXTENSION_ID);
	assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
	const api = (await extension.activate()).testApi;
	assert.ok(api, 'the extension exported no testApi: is it running in ExtensionMode.Test?');
	return { extension, api };
}

/**
 * A profile on the emulator's demo client, with its token: what the Cloud Storage and operations suites
 * start from. Remove it with `adobeApi.removeProfile` in the suite's `after`.
 */
export async function addDemoProfile(name: string, apiKind = 'cloudStorage', select = false): Promise<void> {
	const info = await emulatorControl<{ clients: Record<'demo', { clientId: string; clientSecret: string }> }>('GET', 'info');
	const { clientId, clientSecret } = info.clients.demo;
	await vscode.commands.executeCommand('adobeApi.addProfile', { name, apiKind, clientId, clientSecret });
	if (select) await vscode.commands.executeCommand('adobeApi.selectProfile', { profile: name });
	await vscode.commands.executeCommand('adobeApi.generateToken', { profile: name });
}

/** The emulator the runner started (its control API lives under /__emulator/). */
export function emulatorUrl(): string {
	const fromEnv = process.env.ADOBE_EMULATOR_URL;
	if (fromEnv) return fromEnv;
	const ims = vscode.workspace.getConfiguration('adobeApi').get<string>('imsBaseUrl');
	assert.ok(ims && ims.startsWith('http://127.0.0.1'), 'no emulator: ADOBE_EMULATOR_URL is unset and adobeApi.imsBaseUrl is not loopback');
	return ims;
}

export async function emulatorControl<T = unknown>(method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<T> {
	const res = await fetch(`${emulatorUrl()}/__emulator/${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
	assert.ok(res.ok, `emulator control ${method} ${route} answered ${res.status}`);
	return (await res.json()) as T;
}

export async function emulatorRequests(route?: string): Promise<Array<{ route: string; status: number; path: string }>> {
	const { requests } = await emulatorControl<{ requests: Array<{ route: string; status: number; path: string }> }>(
		'GET',
		`requests${route ? `?route=${route}` : ''}`,
	);
	return requests;
}

/**
 * Serves Photoshop API v1 (the seeds' hello) to the tests of the calling describe block. Adobe retired v1 on
 * 31 July 2026 and the emulator answers it as retired by default; tests of the hello's mechanics turn it on.
 */
export function withPhotoshopV1(): void {
	before(() => emulatorControl('POST', 'config', { photoshopV1: true }));
	after(() => emulatorControl('POST', 'config', { photoshopV1: false }));
}

/**
 * For the calling describe block: a Firefly profile with the emulator's demo credential and a token,
 * active while the block runs, and a folder for its request files. After the block: finished jobs
 * cleared, the profile removed, the previously active profile selected again, the folder removed; after
 * each test, the emulator's faults. The getters are set once the block's first hook has run.
 */
export function requestFileProfile(
	profile: string,
	folderPrefix: string,
): {
	readonly api: TestApi;
	readonly demo: { clientId: string; clientSecret: string };
	requestFile(name: string, text: string): vscode.Uri;
} {
	let api: TestApi | undefined;
	let demo: { clientId: string; clientSecret: string } | undefined;
	let folder: string | undefined;
	let previous: string | undefined;
	const run = (command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand(command, args));
	before(async () => {
		({ api } = await activateExtension());
		previous = api.services.profiles.active()?.name;
		demo = (await emulatorControl<{ clients: { demo: { clientId: string; clientSecret: string } } }>('GET', 'info')).clients.demo;
		await run('adobeApi.addProfile', { name: profile, apiKind: 'firefly', clientId: demo.clientId, clientSecret: demo.clientSecret });
		await run('adobeApi.selectProfile', { profile });
		await run('adobeApi.generateToken', { profile });
		folder = fs.mkdtempSync(path.join(os.tmpdir(), folderPrefix));
	});
	afterEach(() => emulatorControl('DELETE', 'faults'));
	after(async () => {
		await run('adobeApi.jobs.clearFinished');
		await run('adobeApi.removeProfile', { profile });
		if (previous) await run('adobeApi.selectProfile', { profile: previous });
		if (folder) fs.rmSync(folder, { recursive: true, force: true });
	});
	const ready = <T>(value: T | undefined, what: string): T => value ?? assert.fail(`${what} is set by the block's first hook`);
	return {
		get api() {
			return ready(api, 'api');
		},
		get demo() {
			return ready(demo, 'demo');
		},
		requestFile(name, text) {
			const file = path.join(ready(folder, 'the folder'), name);
			fs.writeFileSync(file, text);
			return vscode.Uri.file(file);
		},
	};
}

/** Sets a user setting for the duration of `body`, then restores the previous value. */
export async function withSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
	const config = vscode.workspace.getConfiguration();
	const previous = config.inspect(key)?.globalValue;
	await config.update(key, value, vscode.ConfigurationTarget.Global);
	try {
		return await body();
	} finally {
		await vscode.workspace.getConfiguration().update(key, previous, vscode.ConfigurationTarget.Global);
	}
}

/** Resolves when the token manager reports a change for the profile that satisfies `done`. */
export function tokenChange(api: TestApi, profileId: string, done: () => boolean): Promise<void> {
	return new Promise((resolve) => {
		const stop = api.services.tokens.onDidChange((id) => {
			if (id === profileId && done()) {
				stop();
				resolve();
			}
		});
	});
}

/** Awaits a promise expected to reject, and returns what it rejected with. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	return assert.fail('expected a rejection');
}

/** One finding of Check Setup (the setup doctor), as the command resolves to them. */
export interface SetupFinding {
	id: string;
	status: 'pass' | 'fail' | 'warn' | 'skipped';
	detail: string;
	/** Only on the `endpoints` finding: the raw probes of the configured endpoints (and a profile's own IMS). */
	probes?: Array<{
		service: string;
		target: string;
		url: string;
		reachable: boolean;
		status?: number;
		latencyMs?: number;
		message: string;
	}>;
}

/** Runs Check Setup as a script does: it resolves to the list of findings, in order. */
export async function checkSetupFindings(): Promise<SetupFinding[]> {
	const findings = await vscode.commands.executeCommand<SetupFinding[]>('adobeApi.checkSetup', { quiet: true });
	assert.ok(Array.isArray(findings), 'Check Setup resolves to the list of findings');
	return findings;
}

/** The endpoint probes carried by the `endpoints` finding. */
export function probesOf(findings: SetupFinding[]): NonNullable<SetupFinding['probes']> {
	return findings.find((f) => f.id === 'endpoints')?.probes ?? [];
}

/** Answers the extension's confirmation dialogs with `answer` (changeable), recording each question; restore() puts the real dialog back. */
export function stubConfirm(api: TestApi, answer: boolean): { asked: string[]; answer(value: boolean): void; restore(): void } {
	const real = api.services.confirm;
	const asked: string[] = [];
	let current = answer;
	api.services.confirm = async (message) => {
		asked.push(message);
		return current;
	};
	return {
		asked,
		answer: (value) => (current = value),
		restore: () => (api.services.confirm = real),
	};
}

/**
 * For the calling describe block: a Cloud Storage profile with the emulator's demo credential and a token,
 * active while the block runs, and a project of its own (created with the storage commands). After each test,
 * the emulator's faults; after the block, finished jobs cleared, the profile removed and the previously
 * active profile selected again. The getters are set once the block's first hook has run.
 */
export function storageProject(
	profile: string,
	projectPrefix: string,
	apiKind = 'cloudStorage',
): {
	readonly api: TestApi;
	readonly project: string;
	readonly projectId: string;
	/** The adobe-storage: URI of a path in the profile (`uri(project, 'a.png')`). */
	uri(...names: string[]): vscode.Uri;
} {
	let api: TestApi | undefined;
	let previous: string | undefined;
	let projectId: string | undefined;
	const project = `${projectPrefix} ${Date.now().toString(36)}`;
	const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
	before(async () => {
		({ api } = await activateExtension());
		previous = api.services.profiles.active()?.name;
		const demo = (await emulatorControl<{ clients: { demo: { clientId: string; clientSecret: string } } }>('GET', 'info')).clients.demo;
		await run('adobeApi.addProfile', { name: profile, apiKind, clientId: demo.clientId, clientSecret: demo.clientSecret });
		await run('adobeApi.selectProfile', { profile });
		await run('adobeApi.generateToken', { profile });
		projectId = (await run<{ assetId: string }>('adobeApi.storage.newProject', { profile, name: project })).assetId;
	});
	afterEach(() => emulatorControl('DELETE', 'faults'));
	after(async () => {
		await run('adobeApi.jobs.clearFinished');
		await run('adobeApi.removeProfile', { profile });
		if (previous) await run('adobeApi.selectProfile', { profile: previous });
	});
	const ready = <T>(value: T | undefined, what: string): T => value ?? assert.fail(`${what} is set by the block's first hook`);
	return {
		get api() {
			return ready(api, 'api');
		},
		project,
		get projectId() {
			return ready(projectId, 'projectId');
		},
		uri: (...names) => vscode.Uri.from({ scheme: 'adobe-storage', authority: profile, path: `/${names.join('/')}` }),
	};
}

/** Resolves once the Jobs view holds a job that satisfies `found` (checked now and at each change). */
export function jobInView(
	api: TestApi,
	found: (job: ReturnType<TestApi['jobs']>[number]) => boolean,
): Promise<ReturnType<TestApi['jobs']>[number]> {
	return new Promise((resolve) => {
		const check = () => {
			const job = api.jobs().find(found);
			if (!job) return false;
			stop.dispose();
			resolve(job);
			return true;
		};
		const stop = api.onDidChangeJobs(() => void check());
		check();
	});
}
