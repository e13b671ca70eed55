import * as assert from 'node:assert/strict';
import { request } from 'undici';
import { LISTING_QUERIES, listingQueryProblem } from '../../../src/core/storage/queries';
import { cloudStorageContract } from '../../emulator/contract';
import { DEMO_CLIENTS, clientsFor, useEmulator } from '../helpers';

describe("Contract mode (Adobe's Cloud Storage OpenAPI spec)", () => {
	const env = useEmulator({ largeFolderSize: 30 });
	const get = async (path: string, headers: Record<string, string> = {}) => {
		const token = env.emulator.issueToken(DEMO_CLIENTS.demo.clientId);
		const res = await request(`${env.emulator.url}/v1${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
		return { status: res.statusCode, body: (await res.body.json()) as { error_code?: string; message?: string } };
	};

	it('answers filter=mediaType==image/png on the project list with 422 validation_error, as Adobe documents, and records it', async () => {
		const answer = await get('/projects?filter=mediaType%3D%3Dimage%2Fpng');
		assert.equal(answer.status, 422);
		assert.equal(answer.body.error_code, 'validation_error');
		assert.equal(
			answer.body.message,
			'Provided value: (mediaType==image/png) for query parameter: filter is not supported; allowed: state (==; values active, deleted), createdBy (==, !=; values current_user)',
		);
		const [violation, ...more] = env.emulator.takeViolations();
		assert.deepEqual(more, []);
		assert.deepEqual(
			{ kind: violation.kind, method: violation.method, path: violation.path },
			{ kind: 'request', method: 'GET', path: '/v1/projects?filter=mediaType%3D%3Dimage%2Fpng' },
		);
	});

	it('refuses a filter joined with "or" (,), which the spec does not list, and accepts mediaType=in=(a,b), which it does', async () => {
		const folders = env.emulator.content.projects.find((p) => p.name === 'Product Shots')!.assetId;
		const list = (filter: string) => get(`/projects/${encodeURIComponent(folders)}/children?filter=${encodeURIComponent(filter)}`);
		const or = await list('mediaType==image/jpeg,assetType==folder');
		assert.equal(or.status, 422);
		assert.equal(or.body.error_code, 'validation_error');
		assert.match(or.body.message ?? '', /"or" \(,\) is not supported, use =in=\(a,b\)/);
		assert.equal(env.emulator.takeViolations().length, 1);
		assert.equal((await list('mediaType=in=(image/jpeg,text/plain)')).status, 200);
		assert.equal((await list('assetType==folder')).status, 200);
		assert.deepEqual(env.emulator.takeViolations(), []);
	});

	it('refuses modified-order and undeclared parameters on the project list, and a repeated parameter anywhere', async () => {
		assert.equal((await get('/projects?sortBy=-modified')).status, 422);
		assert.equal((await get('/projects?mediaType=image/png')).status, 422);
		assert.equal((await get('/projects?limit=5&limit=6')).status, 422);
		assert.equal((await get('/projects?filter=state%3D%3Darchived')).status, 422, 'state takes only the values the spec names');
		assert.deepEqual(
			env.emulator.takeViolations().map((v) => v.message),
			[
				'Provided value: (-modified) for query parameter: sortBy is not supported; allowed: name, created (prefix - for descending)',
				'query parameter mediaType is not declared for getProjects',
				'query parameter limit is given 2 times',
				'Provided value: (archived) for query parameter: filter is not a value of state; allowed: active, deleted',
			],
		);
	});

	it('answers 400 where the operation documents no 422 (a download with an undeclared parameter)', async () => {
		const file = [...env.emulator.content.byId.values()].find((a) => a.assetType === 'file') ?? assert.fail('no file');
		const answer = await get(`/files/${encodeURIComponent(file.assetId)}/download?limit=1`);
		assert.deepEqual([answer.status, answer.body.error_code], [400, 'bad_request']);
		assert.equal(env.emulator.takeViolations().length, 1);
	});

	it('records a request that sends Authorization in another scheme', async () => {
		const token = env.emulator.issueToken(DEMO_CLIENTS.demo.clientId);
		const res = await request(`${env.emulator.url}/v1/projects`, { headers: { authorization: `Token ${token}` } });
		assert.equal(res.statusCode, 401);
		await res.body.dump();
		assert.deepEqual(
			env.emulator.takeViolations().map((v) => v.message),
			['the Authorization header is not "Bearer <token>"'],
		);
	});

	it('accepts what the spec allows, with no violation: children filtered by media type, sorted by modified, then every page', async () => {
		const storage = clientsFor(env.emulator).cloudStorage;
		const who = { accessToken: env.emulator.issueToken(DEMO_CLIENTS.demo.clientId), clientId: DEMO_CLIENTS.demo.clientId };
		let items = 0;
		for await (const page of storage.pages(
			who,
			{ assetType: 'folder', assetId: env.emulator.content.largeFolderId },
			{ limit: 7, filter: 'mediaType=in=(image/jpeg,image/png)', sortBy: '-modified' },
		)) {
			items += page.items.length;
		}
		assert.equal(items, 30);
		assert.deepEqual(env.emulator.violations, []);
	});

	it("offers in Filter… only what the spec accepts for each listing, and the client's own check agrees with the spec", () => {
		const contract = cloudStorageContract();
		const problems = (path: string, query: Record<string, string>) =>
			contract.checkRequest({
				method: 'GET',
				url: new URL(`http://emulator${path}?${new URLSearchParams(query)}`),
				headers: { authorization: 'Bearer t' },
			}).problems;
		const paths = { projects: '/v1/projects', children: '/v1/folders/urn%3Aaaid%3Asc%3AUS%3A1/children' };
		for (const target of ['projects', 'children'] as const) {
			for (const { value } of LISTING_QUERIES[target].filters) {
				assert.deepEqual(problems(paths[target], value ? { filter: value } : {}), [], `${target} filter ${value}`);
			}
			for (const { value } of LISTING_QUERIES[target].sorts) {
				assert.deepEqual(problems(paths[target], value ? { sortBy: value } : {}), [], `${target} sortBy ${value}`);
			}
		}
		const samples = [
			'mediaType==image/png',
			'assetType==file',
			'state==deleted',
			'state==gone',
			'createdBy==current_user',
			'createdBy!=current_user',
			'mediaType=in=(image/png,image/jpeg)',
			'assetType=in=(file,folder)',
			'name==x',
			// FIQL's "or" is not among the operators the spec lists: refused by both, whichever field it joins.
			'mediaType==image/jpeg,assetType==folder',
			'mediaType==image/jpeg,mediaType==image/png',
			'assetType==(folder)',
			'state==deleted;assetType==folder',
		];
		for (const target of ['projects', 'children'] as const) {
			for (const filter of samples) {
				assert.equal(
					listingQueryProblem(target, { filter }) === undefined,
					problems(paths[target], { filter }).length === 0,
					`${target} filter ${filter}`,
				);
			}
			for (const sortBy of ['name', '-created', 'modified', '-modified,name', 'size']) {
				assert.equal(
					listingQueryProblem(target, { sortBy }) === undefined,
					problems(paths[target], { sortBy }).length === 0,
					`${target} sortBy ${sortBy}`,
				);
			}
		}
	});

	it('catches a response the emulator sends off-spec', async () => {
		const project = env.emulator.content.projects[0];
		const { assetId } = project;
		project.assetId = '';
		try {
			assert.equal((await get('/projects')).status, 200);
		} finally {
			project.assetId = assetId;
		}
		const violations = env.emulator.takeViolations();
		assert.equal(violations.length, 1);
		assert.equal(violations[0].kind, 'response');
		assert.match(
			violations[0].message,
			/^getProjects 200 body does not match the spec: data\/items\/0\/assetId must NOT have fewer than 1 characters/,
		);
	});

	it('judges hand-made answers by the documented statuses and schemas', () => {
		const contract = cloudStorageContract();
		const job = { jobId: 'j', requestId: 'r', jobType: 'file_download' };
		assert.deepEqual(
			contract.checkResponse('GET', '/v1/projects', 403, 'application/json', { error_code: 'access_error', message: 'no' }),
			['403 is not a documented answer of getProjects (documented: 200, 401, 406, 422, 429, 500)'],
		);
		assert.match(
			contract
				.checkResponse('GET', '/v1/projects', 200, 'application/json', { paging: {}, items: [{ assetType: 'project', name: 'n' }] })
				.join(),
			/paging must have required property 'limit', data\/items\/0 must have required property 'assetId'/,
		);
		assert.match(
			contract.checkResponse('GET', '/v1/status/j', 200, 'application/json', { ...job, status: 'failed' }).join(),
			/must have required property 'errors'/,
		);
		assert.deepEqual(
			contract.checkResponse('GET', '/v1/status/j', 200, 'application/json', {
				...job,
				status: 'failed',
				errors: [{ error_code: 'runtime_error', message: 'm' }],
			}),
			[],
		);
		assert.match(
			contract.checkResponse('GET', '/v1/status/j', 200, 'application/json', { ...job, status: 'partially_succeeded' }).join(),
			/jobType must be equal to one of the allowed values/,
		);
		assert.match(contract.checkResponse('GET', '/v1/files/f/image-rendition', 200, 'text/html').join(), /documented: image\/\*/);
	});

	it('does not judge the answers of injected faults, but still judges the requests', async () => {
		env.emulator.inject('storage.list', { type: 'status', status: 403 }, 2);
		assert.equal((await get('/projects')).status, 403);
		assert.deepEqual(env.emulator.violations, []);
		assert.equal((await get('/projects?sortBy=modified')).status, 422);
		assert.equal(env.emulator.takeViolations().length, 1);
	});

	it('reports and hands over violations on its control API', async () => {
		await get('/projects?sortBy=modified');
		const seen = await request(`${env.emulator.url}/__emulator/violations`);
		assert.equal(((await seen.body.json()) as { violations: unknown[] }).violations.length, 1);
		const taken = await request(`${env.emulator.url}/__emulator/violations`, { method: 'DELETE' });
		assert.equal(((await taken.body.json()) as { violations: unknown[] }).violations.length, 1);
		assert.deepEqual(env.emulator.violations, []);
	});
});
