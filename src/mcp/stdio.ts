/**
 * The MCP stdio transport: one JSON-RPC message per line on stdin and stdout (MCP's stdio transport,
 * https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio).
 *
 * The SDK's StdioServerTransport drops a line it cannot read after reporting it to onerror, so the
 * client never learns why its request got no answer. JSON-RPC 2.0 (https://www.jsonrpc.org/specification,
 * "Error object" and "Response object") says what to answer instead:
 * - a line that is not JSON: -32700 Parse error, with `id: null`;
 * - JSON that is not a valid request: -32600 Invalid Request, with the request's id when it has a
 *   usable one, `null` otherwise.
 * Lines are split as they arrive (each chunk is searched once), and a line longer than
 * MAX_LINE_BYTES is dropped and answered, so no input grows memory without bound.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { LIMIT_FORMAT, formatBytes } from '../core/common/format';

/** The longest line read, in bytes: the SDK's own limit for its stdio buffer. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

type ErrorAnswer = { jsonrpc: '2.0'; id: string | number | null; error: { code: number; message: string } };

export class LineTransport implements Transport {
	onmessage?: (message: JSONRPCMessage) => void;
	onerror?: (error: Error) => void;
	onclose?: () => void;

	/** The parts of the line not yet ended by a newline. */
	private pending: Buffer[] = [];
	private pendingBytes = 0;
	/** The current line was too long: the rest of it is skipped up to its newline. */
	private skipping = false;
	private started = false;

	constructor(
		private readonly input: NodeJS.ReadableStream = process.stdin,
		private readonly output: NodeJS.WritableStream = process.stdout,
		/** Sees every message before the server does (the server uses it to learn the protocol version asked for). */
		private readonly observe?: (message: JSONRPCMessage) => void,
	) {}

	async start(): Promise<void> {
		if (this.started) throw new Error('The stdio transport is already started.');
		this.started = true;
		this.input.on('data', this.onData);
		this.input.on('error', this.onInputError);
	}

	send(message: JSONRPCMessage): Promise<void> {
		return this.write(message);
	}

	async close(): Promise<void> {
		this.input.off('data', this.onData);
		this.input.off('error', this.onInputError);
		this.pending = [];
		this.onclose?.();
	}

	private readonly onInputError = (error: Error) => this.onerror?.(error);

	private readonly onData = (chunk: Buffer | string) => {
		let data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
		for (let newline = data.indexOf(0x0a); newline !== -1; newline = data.indexOf(0x0a)) {
			const end = data.subarray(0, newline);
			data = data.subarray(newline + 1);
			if (this.skipping) {
				this.skipping = false;
				continue;
			}
			const line = this.pending.length ? Buffer.concat([...this.pending, end]) : end;
			this.pending = [];
			this.pendingBytes = 0;
			this.handleLine(line.toString('utf8'));
		}
		if (data.length === 0 || this.skipping) return;
		this.pending.push(data);
		this.pendingBytes += data.length;
		if (this.pendingBytes > MAX_LINE_BYTES) {
			this.pending = [];
			this.pendingBytes = 0;
			this.skipping = true;
			this.answerError(
				null,
				ErrorCode.InvalidRequest,
				`Invalid Request: a message longer than ${formatBytes(MAX_LINE_BYTES, LIMIT_FORMAT)} was not read.`,
			);
		}
	};

	private handleLine(raw: string): void {
		const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
		// Blank lines carry no message: nothing to answer.
		if (line.trim() === '') return;
		let parsed: unknown;
		try {
			parsed = JSON.parse(line);
		} catch (error) {
			this.onerror?.(new Error(`A line on stdin is not JSON: ${(error as Error).message}`));
			return this.answerError(null, ErrorCode.ParseError, 'Parse error: the line is not JSON.');
		}
		const message = JSONRPCMessageSchema.safeParse(parsed);
		if (!message.success) {
			this.onerror?.(new Error('A line on stdin is JSON but not a JSON-RPC 2.0 message.'));
			// A response from the client that cannot be read is not answered (JSON-RPC answers requests only).
			const object =
				parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
			if (object && !('method' in object) && ('result' in object || 'error' in object)) return;
			const id = object?.id;
			const usable = typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
			const why = Array.isArray(parsed)
				? 'batches are not supported (MCP sends one message per line)'
				: 'not a JSON-RPC 2.0 request or notification';
			return this.answerError(usable, ErrorCode.InvalidRequest, `Invalid Request: ${why}.`);
		}
		this.observe?.(message.data);
		this.onmessage?.(message.data);
	}

	private answerError(id: string | number | null, code: number, message: string): void {
		const answer: ErrorAnswer = { jsonrpc: '2.0', id, error: { code, message } };
		this.write(answer).catch((error: unknown) => this.onerror?.(error instanceof Error ? error : new Error(String(error))));
	}

	/** One line on stdout; waits for the stream to drain when its buffer is full. */
	private write(message: JSONRPCMessage | ErrorAnswer): Promise<void> {
		return new Promise((resolve, reject) => {
			const line = `${JSON.stringify(message)}\n`;
			try {
				if (this.output.write(line)) resolve();
				else this.output.once('drain', resolve);
			} catch (error) {
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		});
	}
}
