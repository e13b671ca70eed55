/**
 * A raw TCP HTTP/1.1 server for the parity tests: it keeps the bytes each request arrived as (request
 * line, header lines as sent, body), so a test asserts what went on the wire, not what a parser made
 * of it. Answers come from the test (a Digest challenge, then 200). Bounded: a request over
 * MAX_REQUEST_BYTES closes the connection.
 *
 * And `sendOnWire`: parses a request file, resolves one request (resolve.ts, compose.ts) and sends it
 * with the extension's HTTP client (send.ts), as the editor and the runner do.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { HttpClient } from '../../../../src/core/common/http';
import { workspaceFileReader } from '../../../../src/core/requests/bodyFiles';
import { redact } from '../../../../src/core/common/redact';
import { parseRequestFile, requestAt } from '../../../../src/core/requests/parse';
import { BuiltinValues, ResolvedRequest, resolveRequest } from '../../../../src/core/requests/resolve';
import { RequestOutcome, sendRequestFileRequest } from '../../../../src/core/requests/send';
import { PRODUCTION_ENDPOINTS, requestEndpoints } from '../../../../src/core/common/endpoints';

const MAX_REQUEST_BYTES = 80 * 1024 * 1024;

export interface WireRequest {
	/** Everything the request arrived as. */
	raw: Buffer;
	/** "POST /upload HTTP/1.1" */
	requestLine: string;
	method: string;
	target: string;
	/** As sent, in order; names as written. */
	headers: Array<[string, string]>;
	/** The body's bytes (de-chunked when sent chunked). */
	body: Buffer;
	/** The first header of that name (case-insensitive). */
	header(name: string): string | undefined;
}

export interface WireAnswer {
	status: number;
	headers?: Record<string, string>;
	body?: string;
}

export interface WireServer {
	/** http://127.0.0.1:port */
	url: string;
	requests: WireRequest[];
	/** Opened connections (a test that expects nothing sent checks it stays 0). */
	connections: number;
	close(): Promise<void>;
}

/** Starts a server that answers each request with `answer(request, index)` (200 "ok" by default). */
export async function startWireServer(
	answer: (request: WireRequest, index: number) => WireAnswer = () => ({ status: 200 }),
): Promise<WireServer> {
	const sockets = new Set<net.Socket>();
	const state: WireServer = { url: '', requests: [], connections: 0, close: async () => undefined };
	const server = net.createServer((socket) => {
		state.connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		let pending = Buffer.alloc(0);
		socket.on('data', (chunk: Buffer) => {
			pending = Buffer.concat([pending, chunk]);
			if (pending.length > MAX_REQUEST_BYTES) return socket.destroy();
			for (;;) {
				const parsed = parseOne(pending);
				if (!parsed) return;
				pending = pending.subarray(parsed.consumed);
				const index = state.requests.length;
				state.requests.push(parsed.request);
				const { status, headers = {}, body = 'ok' } = answer(parsed.request, index);
				const bytes = Buffer.from(body);
				const head = [`HTTP/1.1 ${status} X`, 'content-type: text/plain', `content-length: ${bytes.length}`, 'connection: keep-alive'];
				for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
				// A HEAD answer has no body (RFC 9110 section 9.3.2), only the length a GET's would have.
				socket.write(
					Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), parsed.request.method === 'HEAD' ? Buffer.alloc(0) : bytes]),
				);
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	state.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
	state.close = () =>
		new Promise<void>((resolve) => {
			for (const socket of sockets) socket.destroy();
			server.close(() => resolve());
		});
	return state;
}

/** One whole request at the start of `data`, or undefined when more bytes are needed. */
function parseOne(data: Buffer): { request: WireRequest; consumed: number } | undefined {
	const headEnd = data.indexOf('\r\n\r\n');
	if (headEnd < 0) return undefined;
	const head = data.subarray(0, headEnd).toString('latin1');
	const [requestLine, ...lines] = head.split('\r\n');
	const headers = lines.map((line): [string, string] => {
		const colon = line.indexOf(':');
		return [line.slice(0, colon), line.slice(colon + 1).trim()];
	});
	const header = (name: string) => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
	let body: Buffer;
	let consumed: number;
	const start = headEnd + 4;
	if (header('transfer-encoding')?.toLowerCase() === 'chunked') {
		const chunks: Buffer[] = [];
		let at = start;
		for (;;) {
			const lineEnd = data.indexOf('\r\n', at);
			if (lineEnd < 0) return undefined;
			const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
			if (data.length < lineEnd + 2 + size + 2) return undefined;
			if (size === 0) {
				consumed = lineEnd + 4;
				break;
			}
			chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
			at = lineEnd + 2 + size + 2;
		}
		body = Buffer.concat(chunks);
	} else {
		const length = Number(header('content-length') ?? 0);
		if (data.length < start + length) return undefined;
		body = Buffer.from(data.subarray(start, start + length));
		consumed = start + length;
	}
	const [method, target] = requestLine.split(' ');
	return { request: { raw: Buffer.from(data.subarray(0, consumed)), requestLine, method, target, headers, body, header }, consumed };
}

/** The header lines a request carried, `name: value` with lower-case names, sorted: what a test compares. */
export function headerLines(request: WireRequest): string[] {
	return request.headers.map(([name, value]) => `${name.toLowerCase()}: ${value}`).sort();
}

/** The headers every request from the HTTP client carries besides the file's (undici and core/common/http.ts). */
export function clientHeaders(server: WireServer, bodyLength?: number): string[] {
	return [
		`host: ${new URL(server.url).host}`,
		'connection: keep-alive',
		'user-agent: adobe-api-toolkit',
		...(bodyLength === undefined ? [] : [`content-length: ${bodyLength}`]),
	];
}

export const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwYXJpdHkifQ.cGFyaXR5LXRva2Vu';
export const CLIENT_ID = '0a1b2c3d4e5f40718293a4b5c6d7e8f9';

export interface SendOptions {
	/** 0-based line of the request to send (the first when undefined). */
	line?: number;
	readFile?: BuiltinValues['readFile'];
	formParamEncodingStrategy?: BuiltinValues['formParamEncodingStrategy'];
	/** The origin check; allows everything by default. */
	checkOrigin?: (url: URL) => Promise<void>;
}

const http = new HttpClient({ timeoutMs: 5000 });
after(() => http.close());

/** Parses `text` (expecting no problems in the request's block), resolves the request at `options.line` and sends it. */
export async function sendOnWire(text: string, options: SendOptions = {}): Promise<{ resolved: ResolvedRequest; outcome: RequestOutcome }> {
	const file = parseRequestFile(text);
	const request = requestAt(file, options.line);
	assert.ok(request, `a request at line ${options.line}`);
	assert.deepEqual(
		file.problems.filter((p) => p.line >= request.startLine && p.line <= request.endLine),
		[],
		"the request's block parses without problems",
	);
	const values: BuiltinValues = {
		token: async () => TOKEN,
		clientId: async () => CLIENT_ID,
		endpoint: (name) => requestEndpoints(PRODUCTION_ENDPOINTS)[name],
		readFile: options.readFile,
		formParamEncodingStrategy: options.formParamEncodingStrategy,
	};
	const { request: resolved, outcome } = await sendRequestFileRequest({
		http,
		endpoints: PRODUCTION_ENDPOINTS,
		resolve: () => resolveRequest(file, request, values, options.checkOrigin ?? (async () => undefined)),
		redact: (t, secrets) => redact(t, secrets),
	});
	return { resolved, outcome };
}

/** A temporary workspace folder holding `files` (paths relative to it), removed after the suite. */
export function tempWorkspace(files: Record<string, string | Buffer>): {
	root: string;
	reader(requestFileDir?: string, maxBytes?: number): BuiltinValues['readFile'];
} {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-'));
	for (const [name, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
		fs.writeFileSync(path.join(root, name), content);
	}
	after(() => fs.rmSync(root, { recursive: true, force: true }));
	return {
		root,
		reader: (requestFileDir = root, maxBytes) =>
			workspaceFileReader({
				workspaceRoot: root,
				requestFileDir: path.join(root, requestFileDir === root ? '' : requestFileDir),
				maxBytes,
			}),
	};
}
