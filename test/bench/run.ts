/**
 * `npm run bench`: what the extension costs, measured against the emulator in one run and printed
 * as ratios (so they compare across machines). Not a test: nothing here passes or fails on a time,
 * but a measure that cannot be taken (VS Code's activation times) fails the run.
 * BENCH_VSCODE_WINDOWS=n: how many VS Code windows the activation row measures (default 10).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { request } from 'undici';
import { AdobeEmulator, DEMO_CLIENTS } from '../emulator/server';
import { createAdobeClients } from '../../src/core/clients';
import { parseRequestFile } from '../../src/core/requests/parse';
import { TokenManager } from '../../src/core/tokens/tokenManager';
import { silentLogger, systemClock } from '../../src/core/common/logger';
import { Redactor } from '../../src/core/common/redact';
import { HOSTILE_TEXTS, prose } from '../unit/hostileText';
import { emulatorSettings } from '../host/run-suite';
import { describeActivation, measureActivationInVsCode, median as vscodeMedian } from './vscodeActivation';
import { storageRows } from './storage';
import { operationRows } from './operations';
import { printRow } from './rows';
import { runnerRows } from './runner';

const ROOT = path.resolve(__dirname, '../../..');
/** dist/extension.js may not grow past this (issue #19; test/unit/project/package.test.ts). */
const ACTIVATION_LIMIT_BYTES = 48_891;
const { clientId, clientSecret } = DEMO_CLIENTS.demo;
const scopes = ['openid', 'AdobeID', 'read_organizations'];

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function timeEach(times: number, fn: () => Promise<unknown>): Promise<number> {
	for (let i = 0; i < 10; i++) await fn(); // warm up connections and JIT
	const samples: number[] = [];
	for (let i = 0; i < times; i++) {
		const started = performance.now();
		await fn();
		samples.push(performance.now() - started);
	}
	return median(samples);
}

const row = printRow;

async function main(): Promise<void> {
	execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, stdio: 'ignore' });
	const emulator = new AdobeEmulator();
	await emulator.start();
	const clients = createAdobeClients({ endpoints: emulator.endpoints, timeoutMs: 10_000 });
	console.log(`Adobe API Toolkit benchmark — Node ${process.version}, emulator ${emulator.url}\n`);
	console.log(`${'measure'.padEnd(44)} ${'ours'.padStart(12)} ${'baseline'.padStart(16)} ${'ratio'.padStart(8)}`);

	const activation = fs.statSync(path.join(ROOT, 'dist/extension.js')).size;
	const network = fs.statSync(path.join(ROOT, 'dist/network.js')).size;
	row(
		'activation bundle vs lazily loaded network',
		`${(activation / 1024).toFixed(1)} KB`,
		`${(network / 1024).toFixed(1)} KB`,
		activation / network,
	);

	// The activation bundle must not grow (test/unit/project/package.test.ts holds it to this): the storage
	// file system registers a stub at activation, and its code loads with the lazy bundles on first use.
	row(
		'activation bundle vs its limit (#19)',
		`${activation.toLocaleString('en-US')} B`,
		`${ACTIVATION_LIMIT_BYTES.toLocaleString('en-US')} B`,
		activation / ACTIVATION_LIMIT_BYTES,
	);

	const requireMs = Number(
		execFileSync(
			process.execPath,
			['-e', `const t=performance.now();require(${JSON.stringify(path.join(ROOT, 'dist/network.js'))});console.log(performance.now()-t)`],
			{
				encoding: 'utf8',
			},
		),
	);
	row('require(network.js): kept off activation', `${requireMs.toFixed(1)} ms`, '0 ms at activation');
	const requests = fs.statSync(path.join(ROOT, 'dist/requests.js')).size;
	row(
		'request-file bundle (lazy) vs activation',
		`${(requests / 1024).toFixed(1)} KB`,
		`${(activation / 1024).toFixed(1)} KB`,
		requests / activation,
	);

	// Parsing is what a CodeLens costs on every edit: a 500-request file against merely splitting it into lines.
	const block =
		'# @name hello\nGET {{$adobeEndpoint photoshop}}/pie/psdService/hello?a={{a}}\nAuthorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}\n\n{ "prompt": "x" }\n\n###\n';
	const file = `@a = 1\n\n${block.repeat(500)}`;
	const parse = await timeEach(50, async () => parseRequestFile(file));
	const split = await timeEach(50, async () => file.split(/\r?\n/).map((line) => line.trim()));
	row('parse a 500-request file (median of 50)', `${parse.toFixed(2)} ms`, `${split.toFixed(2)} ms split`, parse / split);

	const form = new URLSearchParams({
		grant_type: 'client_credentials',
		client_id: clientId,
		client_secret: clientSecret,
		scope: scopes.join(','),
	}).toString();
	const ours = await timeEach(300, () => clients.ims.requestToken({ clientId, clientSecret, scopes }));
	const raw = await timeEach(300, async () => {
		const res = await request(`${emulator.url}/ims/token/v3`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: form,
		});
		await res.body.json();
	});
	row('IMS token fetch (median of 300)', `${ours.toFixed(3)} ms`, `${raw.toFixed(3)} ms raw`, ours / raw);

	const concurrent = 1000;
	const tokens = new TokenManager({
		fetch: (_id, signal) => clients.ims.requestToken({ clientId, clientSecret, scopes }, signal),
		storage: { read: async () => undefined, write: async () => undefined, remove: async () => undefined },
		clock: systemClock,
		logger: silentLogger,
		policy: () => ({ autoRefresh: false, refreshLeadMs: 3_600_000 }),
	});
	const callsBefore = emulator.count('ims.token');
	const flightStarted = performance.now();
	await Promise.all(Array.from({ length: concurrent }, () => tokens.getToken('bench')));
	const flightMs = performance.now() - flightStarted;
	const imsCalls = emulator.count('ims.token') - callsBefore;
	tokens.dispose();
	row(
		`${concurrent} concurrent token requests → ${imsCalls} IMS call`,
		`${flightMs.toFixed(2)} ms`,
		`${raw.toFixed(3)} ms 1 raw`,
		flightMs / raw,
	);

	const accessToken = emulator.issueToken(clientId);
	const caller = { accessToken, clientId };
	const folder = { assetType: 'folder' as const, assetId: emulator.content.largeFolderId };
	const listOurs = async () => {
		let count = 0;
		for await (const page of clients.cloudStorage.pages(caller, folder, { limit: 100 })) count += page.items.length;
		if (count !== 10_000) throw new Error(`listed ${count}`);
	};
	const listRaw = async () => {
		let count = 0;
		let url: string | undefined = `${emulator.url}/v1/folders/${encodeURIComponent(folder.assetId)}/children?limit=100`;
		while (url) {
			const res = await request(url, { headers: { authorization: `Bearer ${accessToken}`, 'x-api-key': clientId } });
			const body = (await res.body.json()) as { children: unknown[]; paging: { nextUrl?: string } };
			count += body.children.length;
			url = body.paging.nextUrl;
		}
		if (count !== 10_000) throw new Error(`listed ${count}`);
	};
	const listMs = await timeEach(10, listOurs);
	const listRawMs = await timeEach(10, listRaw);
	row('list 10,000-item folder, 100 pages (median)', `${listMs.toFixed(1)} ms`, `${listRawMs.toFixed(1)} ms raw`, listMs / listRawMs);

	const firstPage = await timeEach(50, () => clients.cloudStorage.firstPage(caller, folder, { limit: 50 }));
	row('time to first page of 50 (median)', `${firstPage.toFixed(2)} ms`, `${listMs.toFixed(1)} ms all`, firstPage / listMs);

	// Cloud Storage (#19): upload and download throughput against raw undici, 1 GB streamed, a 10,000-item readDirectory.
	await storageRows(row);
	await operationRows(row);
	// Request files (#21): the runner's rate on a 500-request file against raw undici, and the CLI's start-up.
	await runnerRows(row);

	// Redaction runs on every answer shown (up to 10 MB, MAX_TEXT_BODY_BYTES): 10 MB of each hostile
	// text against 10 MB of ordinary prose, in MB/s (best of 3; the ratio is prose's speed over this one's).
	const redactor = new Redactor();
	for (const value of [clientSecret, accessToken, 'abc']) redactor.add(value);
	const throughput = (text: string, also: string[] = []) => {
		let best = Infinity;
		for (let run = 0; run < 3; run++) {
			const started = performance.now();
			redactor.redact(text, also);
			best = Math.min(best, performance.now() - started);
		}
		return text.length / 1e6 / (best / 1000);
	};
	const proseSpeed = throughput(prose(10_000_000));
	for (const hostile of HOSTILE_TEXTS) {
		const speed = throughput(hostile.text(10_000_000), hostile.secrets);
		const name = `redact 10 MB: ${hostile.name}`;
		row(
			name.length > 44 ? `${name.slice(0, 43)}…` : name,
			`${speed.toFixed(1)} MB/s`,
			`${proseSpeed.toFixed(1)} MB/s prose`,
			proseSpeed / speed,
		);
	}

	// Activation as VS Code itself reports it (Running Extensions), against the built-ins in the same window.
	const windows = Number(process.env.BENCH_VSCODE_WINDOWS || 10);
	console.log(
		`\nactivation in VS Code: ${windows} windows, one at a time, each a fresh workbench (15–20 s each on an idle 2-core machine)…`,
	);
	const vscode = await measureActivationInVsCode({ windows, settings: emulatorSettings(emulator), log: (line) => console.log(line) });
	const oursMs = vscodeMedian(vscode.windows.map((window) => window.ours));
	const builtinsMs = vscodeMedian(vscode.windows.map((window) => window.builtinMedian));
	const ratio = vscodeMedian(vscode.windows.map((window) => window.ratio));
	row(`activation in VS Code, median of ${windows} windows`, `${oursMs.toFixed(0)} ms`, `${builtinsMs.toFixed(0)} ms built-ins`, ratio);
	for (const line of describeActivation(vscode)) console.log(line);

	await clients.close();
	await emulator.stop();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
