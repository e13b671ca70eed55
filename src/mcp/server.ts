/**
 * Entry of dist/mcp.js: a Model Context Protocol server on stdio exposing the agent tools of
 * core/agent/ (the catalogue and implementations the VS Code language model tools use) with
 * one credential from the environment (core/credentials/envCredential.ts). Run as `node dist/mcp.js` by an MCP
 * client (Claude Desktop, VS Code's mcp.json, …).
 *
 * stdout carries the protocol only; logs go to stderr through a redactor that knows the Client
 * Secret and every token, so neither reaches the client's log. A credential missing or invalid in
 * the environment does not stop the server: every tool call then answers with the message naming
 * the variable to fix, which the agent can relay.
 *
 * Errors as the MCP spec's tools page says (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#error-handling):
 * an unknown tool or a malformed tools/call request is a JSON-RPC error -32602 (protocol error);
 * a failure while running, or input the tool's schema forbids, is a result with isError, which the
 * model reads and can correct. Before 2025-11-25 the spec listed invalid arguments among the
 * protocol errors (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#error-handling),
 * so a client that negotiated an older version gets -32602 for them. Unreadable lines: see stdio.ts.
 */
import * as path from 'node:path';
import { packageVersion } from '../core/common/packageVersion';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
	CallToolRequestSchema,
	CallToolResult,
	ErrorCode,
	LATEST_PROTOCOL_VERSION,
	ListToolsRequestSchema,
	McpError,
	SUPPORTED_PROTOCOL_VERSIONS,
	Tool,
} from '@modelcontextprotocol/sdk/types.js';
import {
	AGENT_TOOLS,
	AgentToolResult,
	McpToolOptions,
	agentToolConfirmation,
	agentToolInputProblem,
	invokeAgentTool,
	isAgentToolName,
	isStorageWriteTool,
	mcpAgentTools,
} from '../core/agent';
import { readEnvCredential } from '../core/credentials/envCredential';
import { Logger, levelLogger } from '../core/common/logger';
import { Redactor } from '../core/common/redact';
import { EnvToolHost, createEnvToolHost } from './host';
import { LineTransport } from './stdio';

const SERVER_NAME = 'adobe-api-toolkit';

/** A Logger writing `[level] message` lines to stderr, every line through the redactor; ADOBE_LOG_LEVEL picks the floor (info when unset or unknown). */
export function stderrLogger(redactor: Redactor, minimum: string | undefined): Logger {
	return levelLogger(
		minimum,
		'info',
		(line) => process.stderr.write(line),
		(text) => redactor.redact(text),
	);
}

/**
 * The folder adobe_upload_file may read local files from: ADOBE_MCP_WORKSPACE when set, otherwise the
 * directory the MCP client started the server in (its working directory). Files outside it, or reached
 * through a symbolic link leading out, are refused (core/agent/workspaceFile.ts).
 */
export function mcpWorkspaceRoot(env: NodeJS.ProcessEnv): string {
	const given = env.ADOBE_MCP_WORKSPACE?.trim();
	return given ? path.resolve(given) : process.cwd();
}

/**
 * The catalogue as MCP lists it: the description the model reads (saying what this server does:
 * mcpAgentTools), the JSON Schema, and hints a client may show. No outputSchema: the results'
 * shapes differ by outcome (an error result has only `error`), and a declared schema would bind
 * every result to it; structuredContent is the JSON of the text beside it, as the spec allows.
 */
export function mcpTools(options: McpToolOptions): Tool[] {
	return mcpAgentTools(options).map((tool) => ({
		name: tool.name,
		title: tool.displayName,
		description: tool.modelDescription,
		inputSchema: tool.inputSchema as Tool['inputSchema'],
		annotations: {
			title: tool.displayName,
			readOnlyHint: tool.readOnly,
			...(tool.readOnly ? {} : { destructiveHint: tool.destructive === true }),
			openWorldHint: true,
		},
	}));
}

/**
 * MCP clients give up on a call after 60 s by default (the SDK's DEFAULT_REQUEST_TIMEOUT_MSEC), and
 * this server sends no progress: a job is waited on for 50 s at most, and the answer says to call again.
 */
export const MAX_MCP_JOB_WAIT_SECONDS = 50;

/** Protocol versions whose spec lists invalid arguments among the protocol errors (all before 2025-11-25). */
function argumentsAreProtocolErrors(version: string): boolean {
	return version < '2025-11-25';
}

/**
 * A result as MCP carries it: the readable text, then the same data as JSON text beside it (the spec
 * asks a tool returning structured content to also return it serialized in a text block), and the
 * data itself as structuredContent.
 */
export function mcpResult(result: AgentToolResult): CallToolResult {
	return {
		content: [
			{ type: 'text', text: result.text },
			{ type: 'text', text: JSON.stringify(result.data) },
		],
		structuredContent: result.data,
		...(result.isError ? { isError: true } : {}),
	};
}

function withinClientTimeout(given: Record<string, unknown> | undefined): Record<string, unknown> {
	const input = { ...(given ?? {}) };
	const asked = typeof input.timeoutSeconds === 'number' ? input.timeoutSeconds : MAX_MCP_JOB_WAIT_SECONDS;
	input.timeoutSeconds = Math.min(asked, MAX_MCP_JOB_WAIT_SECONDS);
	return input;
}

/** A failure before any tool could run (the environment's credential), in the tools' own `Error: … Fix: …` shape. */
function configurationError(message: string): CallToolResult {
	const fix = 'Set the variable in the "env" of this server\'s entry in your MCP client configuration, then restart the server.';
	return mcpResult({ text: `Error: ${message} Fix: ${fix}`, data: { error: { kind: 'config', message, fix } }, isError: true });
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
	const redactor = new Redactor();
	const logger = stderrLogger(redactor, env.ADOBE_LOG_LEVEL);
	let host: EnvToolHost | undefined;
	let setupProblem: string | undefined;
	try {
		const credential = readEnvCredential(env);
		host = createEnvToolHost(credential, redactor, logger, {
			userAgent: `${SERVER_NAME}-mcp/${packageVersion(__dirname)}`,
			workspaceRoot: mcpWorkspaceRoot(env),
		});
		logger.info(
			`[mcp] uploads read local files only inside ${mcpWorkspaceRoot(env)}${env.ADOBE_MCP_ALLOW_WRITES === '1' ? '' : ' (writes are off)'}`,
		);
		logger.info(
			`[mcp] profile "${credential.profileName}" (${credential.apiKind}) from ${credential.source}; IMS ${credential.endpoints.ims}, Photoshop ${credential.endpoints.photoshop}, Cloud Storage ${credential.endpoints.cloudStorage}`,
		);
	} catch (error) {
		setupProblem = redactor.redact(error instanceof Error ? error.message : String(error));
		logger.error(`[mcp] no usable credential: ${setupProblem}`);
	}

	// The low-level Server, not McpServer: McpServer takes zod shapes, while the catalogue's schemas are
	// plain JSON Schema, shared with VS Code's languageModelTools; lists and calls are two handlers.
	const server = new Server({ name: SERVER_NAME, version: packageVersion(__dirname) }, { capabilities: { tools: {} } });
	const options: McpToolOptions = { writesAllowed: env.ADOBE_MCP_ALLOW_WRITES === '1', maxJobWaitSeconds: MAX_MCP_JOB_WAIT_SECONDS };
	// The version the SDK answers initialize with: the client's when supported, the latest otherwise (the SDK's own rule).
	let protocolVersion = LATEST_PROTOCOL_VERSION;
	const transport = new LineTransport(process.stdin, process.stdout, (message) => {
		if ('method' in message && message.method === 'initialize' && 'id' in message) {
			const asked = (message.params as { protocolVersion?: unknown } | undefined)?.protocolVersion;
			protocolVersion = typeof asked === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(asked) ? asked : LATEST_PROTOCOL_VERSION;
		}
	});
	server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: mcpTools(options) }));
	// The SDK parses a request against the handler's schema before its own tools/call check, and a
	// failure there is answered -32603 (internal error). With only the method checked here, malformed
	// params reach the SDK's tools/call check, which answers -32602 (invalid params) as the spec says.
	const toolsCall = CallToolRequestSchema.pick({ method: true }).loose();
	server.setRequestHandler(toolsCall, async (raw, extra) => {
		// The SDK's check has passed: the request is a valid tools/call.
		const { name, arguments: given } = CallToolRequestSchema.parse(raw).params;
		if (!isAgentToolName(name)) {
			// The name comes from the client: it is not logged, and quoted (cut) in the answer only.
			logger.info('[mcp] unknown tool: refused (-32602)');
			throw new McpError(
				ErrorCode.InvalidParams,
				`Unknown tool: ${JSON.stringify(name.slice(0, 100))}. The tools are ${AGENT_TOOLS.map((tool) => tool.name).join(', ')}.`,
			);
		}
		const problem = agentToolInputProblem(name, given);
		if (problem && argumentsAreProtocolErrors(protocolVersion)) {
			logger.info(`[mcp] ${name}: invalid arguments refused (-32602, protocol ${protocolVersion})`);
			throw new McpError(ErrorCode.InvalidParams, `Invalid arguments for ${name}: ${redactor.redact(problem)}`);
		}
		if (!host) return configurationError(setupProblem ?? 'The server has no credential.');
		// What would ask in VS Code (a request that may change something) runs here only when the user opted in:
		// an MCP client's approval is per tool, not per call, and this server has no dialog of its own.
		const confirmation = agentToolConfirmation(name, given);
		if (confirmation && !options.writesAllowed) {
			const message = isStorageWriteTool(name)
				? `Not done: ${confirmation.title} This server changes nothing in Adobe Cloud Storage unless its environment says otherwise.`
				: `Not sent: ${confirmation.title} This server sends only requests that read unless its environment says otherwise.`;
			const fix =
				'Set ADOBE_MCP_ALLOW_WRITES=1 in this server\'s "env" if its agent may create, change or delete things at Adobe, then restart it.';
			return mcpResult({
				text: `Error: ${message} Fix: ${fix}`,
				data: { error: { kind: 'invalidInput', code: 'writes_not_allowed', message, fix } },
				isError: true,
			});
		}
		const input = name === 'adobe_get_job' ? withinClientTimeout(given) : (given ?? {});
		const started = Date.now();
		const result = await invokeAgentTool(name, input, host, extra.signal);
		logger.info(`[mcp] ${name}: ${result.isError ? 'error' : 'ok'} in ${Date.now() - started} ms`);
		// invokeAgentTool has passed the text and every string of the data through host.redact, this process's redactor.
		return mcpResult(result);
	});

	let closing = false;
	const shutdown = async (why: string) => {
		if (closing) return;
		closing = true;
		logger.info(`[mcp] shutting down (${why})`);
		await host?.dispose().catch((error: unknown) => logger.warn(`[mcp] closing the HTTP client failed: ${String(error)}`));
		await server.close().catch(() => undefined);
		process.exit(0);
	};
	process.stdin.on('end', () => void shutdown('stdin closed'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGINT', () => void shutdown('SIGINT'));
	process.on('uncaughtException', (error) => {
		logger.error(`[mcp] unexpected error: ${error.stack ?? error.message}`);
		process.exit(1);
	});
	process.on('unhandledRejection', (reason) =>
		logger.error(`[mcp] unexpected rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`),
	);

	await server.connect(transport);
	logger.info(`[mcp] ${SERVER_NAME} ${packageVersion(__dirname)} ready on stdio with ${AGENT_TOOLS.length} tools`);
}

if (require.main === module) void main();
