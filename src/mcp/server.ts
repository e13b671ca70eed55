/**
 * Entry of dist/mcp.js: a Model Context Protocol server on stdio exposing the agent tools of
 * core/agentTools.ts (the catalogue and implementations the VS Code language model tools use) with
 * one credential from the environment (core/envCredential.ts). Run as `node dist/mcp.js` by an MCP
 * client (Claude Desktop, VS Code's mcp.json, …).
 *
 * stdout carries the protocol only; logs go to stderr through a redactor that knows the Client
 * Secret and every token, so neither reaches the client's log. A credential missing or invalid in
 * the environment does not stop the server: every tool call then answers with the message naming
 * the variable to fix, which the agent can relay.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, CallToolResult, ListToolsRequestSchema, Tool } from '@modelcontextprotocol/sdk/types.js';
import { AGENT_TOOLS, agentToolConfirmation, invokeAgentTool, isAgentToolName } from '../core/agentTools';
import { readEnvCredential } from '../core/envCredential';
import { Logger } from '../core/logger';
import { Redactor } from '../core/redact';
import { EnvToolHost, createEnvToolHost } from './host';

const SERVER_NAME = 'adobe-api-toolkit';

/** Log levels, most verbose first; ADOBE_LOG_LEVEL picks the least severe one written (info when unset or unknown). */
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

/** A Logger writing `[level] message` lines to stderr, every line through the redactor. */
export function stderrLogger(redactor: Redactor, minimum: string | undefined): Logger {
	const asked = LEVELS.indexOf((minimum ?? '').trim().toLowerCase() as (typeof LEVELS)[number]);
	const floor = asked === -1 ? LEVELS.indexOf('info') : asked;
	const write = (level: (typeof LEVELS)[number]) => (message: string) => {
		if (LEVELS.indexOf(level) >= floor) process.stderr.write(`[${level}] ${redactor.redact(message)}\n`);
	};
	return { trace: write('trace'), debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** The extension's version from the package.json beside dist/, for the server's handshake. */
function packageVersion(): string {
	try {
		const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
		return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
	} catch {
		return '0.0.0';
	}
}

/** The catalogue as MCP lists it: the description the model reads, the JSON Schema, and hints a client may show. */
export function mcpTools(): Tool[] {
	return AGENT_TOOLS.map((tool) => ({
		name: tool.name,
		title: tool.displayName,
		description: tool.modelDescription,
		inputSchema: tool.inputSchema as Tool['inputSchema'],
		annotations: { title: tool.displayName, readOnlyHint: tool.readOnly, openWorldHint: true },
	}));
}

/** A failure before any tool could run (the environment's credential), in the tools' own `Error: … Fix: …` shape. */
/**
 * MCP clients give up on a call after 60 s by default (the SDK's DEFAULT_REQUEST_TIMEOUT_MSEC), and
 * this server sends no progress: a job is waited on for 50 s at most, and the answer says to call again.
 */
const MAX_MCP_JOB_WAIT_SECONDS = 50;

function withinClientTimeout(given: Record<string, unknown> | undefined): Record<string, unknown> {
	const input = { ...(given ?? {}) };
	const asked = typeof input.timeoutSeconds === 'number' ? input.timeoutSeconds : MAX_MCP_JOB_WAIT_SECONDS;
	input.timeoutSeconds = Math.min(asked, MAX_MCP_JOB_WAIT_SECONDS);
	return input;
}

function configurationError(message: string): CallToolResult {
	const fix = 'Set the variable in the "env" of this server\'s entry in your MCP client configuration, then restart the server.';
	return { content: [{ type: 'text', text: `Error: ${message} Fix: ${fix}` }], structuredContent: { error: { kind: 'config', message, fix } }, isError: true };
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
	const redactor = new Redactor();
	const logger = stderrLogger(redactor, env.ADOBE_LOG_LEVEL);
	let host: EnvToolHost | undefined;
	let setupProblem: string | undefined;
	try {
		const credential = readEnvCredential(env);
		host = createEnvToolHost(credential, redactor, logger, { userAgent: `${SERVER_NAME}-mcp/${packageVersion()}` });
		logger.info(
			`[mcp] profile "${credential.profileName}" (${credential.apiKind}) from ${credential.source}; IMS ${credential.endpoints.ims}, Photoshop ${credential.endpoints.photoshop}, Cloud Storage ${credential.endpoints.cloudStorage}`,
		);
	} catch (error) {
		setupProblem = redactor.redact(error instanceof Error ? error.message : String(error));
		logger.error(`[mcp] no usable credential: ${setupProblem}`);
	}

	// The low-level Server, not McpServer: McpServer takes zod shapes, while the catalogue's schemas are
	// plain JSON Schema, shared with VS Code's languageModelTools; lists and calls are two handlers.
	const server = new Server({ name: SERVER_NAME, version: packageVersion() }, { capabilities: { tools: {} } });
	server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: mcpTools() }));
	server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
		const { name, arguments: given } = request.params;
		if (!host) return configurationError(setupProblem ?? 'The server has no credential.');
		// What would ask in VS Code (a request that may change something) runs here only when the user opted in:
		// an MCP client's approval is per tool, not per call, and this server has no dialog of its own.
		const confirmation = isAgentToolName(name) ? agentToolConfirmation(name, given) : undefined;
		if (confirmation && env.ADOBE_MCP_ALLOW_WRITES !== '1') {
			const message = `Not sent: ${confirmation.title} This server sends only requests that read unless its environment says otherwise.`;
			const fix = 'Set ADOBE_MCP_ALLOW_WRITES=1 in this server\'s "env" if its agent may create, change or delete things at Adobe, then restart it.';
			return { content: [{ type: 'text', text: `Error: ${message} Fix: ${fix}` }], structuredContent: { error: { kind: 'invalidInput', code: 'writes_not_allowed', message, fix } }, isError: true };
		}
		const input = name === 'adobe_get_job' ? withinClientTimeout(given) : (given ?? {});
		const started = Date.now();
		const result = await invokeAgentTool(name, input, host, extra.signal);
		// The name comes from the client: only a known one is logged as it is.
		logger.info(`[mcp] ${isAgentToolName(name) ? name : 'unknown tool'}: ${result.isError ? 'error' : 'ok'} in ${Date.now() - started} ms`);
		// invokeAgentTool has passed the text and every string of the data through host.redact, this process's redactor.
		return { content: [{ type: 'text', text: result.text }], structuredContent: result.data, ...(result.isError ? { isError: true } : {}) };
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
	process.on('unhandledRejection', (reason) => logger.error(`[mcp] unexpected rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));

	await server.connect(new StdioServerTransport());
	logger.info(`[mcp] ${SERVER_NAME} ${packageVersion()} ready on stdio with ${AGENT_TOOLS.length} tools`);
}

if (require.main === module) void main();
