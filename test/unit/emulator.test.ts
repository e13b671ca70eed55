import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { request } from 'undici';
import { AdobeEmulator, DEMO_CLIENTS } from '../emulator/server';
import { createDemoContent } from '../emulator/content';
import { useEmulator } from './helpers';

const repoRoot = path.resolve(__dirname, '../../..');

describe('Adobe emulator', () => {
	const env = useEmulator();

	it('seeds the same content, with the same ids, every time', () => {
		const a = createDemoContent({ largeFolderSize: 50 });
		const b = createDemoContent({ largeFolderSize: 50 });
		assert.deepEqual([...a.byId.keys()], [...b.byId.keys()]);
		assert.equal(a.children.get(a.largeFolderId)?.length, 50);
		const types = new Set([...a.byId.values()].map((x) => x.mediaType).filter(Boolean));
		assert.ok(types.size >= 6, `several media types (${[...types].join(', ')})`);
	});

	it('answers an unsupported grant type with unsupported_grant_type', async () => {
		const res = await request(`${env.emulator.url}/ims/token/v3`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=password',
		});
		assert.equal(res.statusCode, 400);
		assert.equal(((await res.body.json()) as { error: string }).error, 'unsupported_grant_type');
	});

	it('rejects a page size outside 1–100 and cursor with sortBy, with Adobe\'s messages', async () => {
		const token = env.emulator.issueToken(DEMO_CLIENTS.demo.clientId);
		const get = async (query: string) => {
			const res = await request(`${env.emulator.url}/v1/projects?${query}`, { headers: { authorization: `Bearer ${token}` } });
			return { status: res.statusCode, body: (await res.body.json()) as { message: string } };
		};
		const big = await get('limit=1000');
		assert.equal(big.status, 422);
		assert.equal(big.body.message, 'Provided value: (1000) for query parameter: limit is out of the allowed range. Allowed Range is 1-100');
		const both = await get('cursor=abc&sortBy=name');
		assert.equal(both.body.message, 'Following query parameters: [cursor and sortBy] are not allowed together');
		assert.deepEqual(
			env.emulator.takeViolations().map((v) => v.message),
			[big.body.message, both.body.message],
			'contract mode records the bad requests it refused',
		);
	});

	it('refuses the same parameters without contract mode, by the same spec', async () => {
		const plain = new AdobeEmulator({ largeFolderSize: 1 });
		await plain.start();
		try {
			const token = plain.issueToken(DEMO_CLIENTS.demo.clientId);
			const res = await request(`${plain.url}/v1/projects?filter=mediaType%3D%3Dimage%2Fpng`, { headers: { authorization: `Bearer ${token}` } });
			assert.equal(res.statusCode, 422);
			assert.match(((await res.body.json()) as { message: string }).message, /mediaType==image\/png\) for query parameter: filter is not supported; allowed: state/);
			assert.deepEqual(plain.violations, [], 'nothing is recorded outside contract mode');
		} finally {
			await plain.stop();
		}
	});

	it('takes faults and reports requests over its control API', async () => {
		const post = await request(`${env.emulator.url}/__emulator/faults`, {
			method: 'POST',
			body: JSON.stringify({ route: 'photoshop.hello', fault: { type: 'status', status: 503 }, times: 1 }),
		});
		assert.equal(post.statusCode, 200);
		await post.body.dump();
		const hello = await request(`${env.emulator.url}/pie/psdService/hello`);
		assert.equal(hello.statusCode, 503);
		await hello.body.dump();
		const again = await request(`${env.emulator.url}/pie/psdService/hello`);
		assert.equal(again.statusCode, 403, 'the fault applied once, then normal handling (no API key → 403)');
		await again.body.dump();
		const log = await request(`${env.emulator.url}/__emulator/requests?route=photoshop.hello`);
		const { requests } = (await log.body.json()) as { requests: Array<{ status: number; fault?: string }> };
		assert.deepEqual(requests.map((r) => [r.status, r.fault]), [[503, 'status'], [403, undefined]]);
	});

	it('refuses to listen anywhere but loopback', async () => {
		await assert.rejects(new AdobeEmulator({ largeFolderSize: 1 }).start(0, '0.0.0.0'), /loopback only/);
	});

	it('runs from the CLI on the given port and prints its URL', async function () {
		const child = spawn(process.execPath, [path.join(repoRoot, 'test/emulator/cli.js'), '--port', '0', '--large-folder', '10'], { stdio: ['ignore', 'pipe', 'inherit'] });
		try {
			const firstLine = await new Promise<string>((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (chunk: Buffer) => {
					out += chunk.toString();
					if (out.includes('\n')) resolve(out.split('\n')[0]);
				});
				child.once('exit', (code) => reject(new Error(`CLI exited with ${code}`)));
			});
			const match = /^Adobe emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(firstLine);
			assert.ok(match, firstLine);
			const info = await request(`${match[1]}/__emulator/info`);
			const body = (await info.body.json()) as { endpoints: { cloudStorage: string } };
			assert.equal(body.endpoints.cloudStorage, `${match[1]}/v1`);
		} finally {
			child.kill('SIGTERM');
		}
	});
});
