/**
 * The catalogue: every agent tool, one entry per tool from its group's file (tools/<group>.ts, each
 * `{ definition, run }`), in the order the front doors list them. VS Code's language model tools
 * (src/features/agentTools/languageModelTools.ts, and package.json's languageModelTools, written
 * from it by `npm run gen:manifest`) and the MCP server (src/mcp/server.ts) both iterate it. A new
 * tool is one entry here and one in package.json. As vscode-pull-request-github's src/lm/tools/tools.ts
 * registers its src/lm/tools/*Tool.ts.
 */
import { getJobTool, VSCODE_JOB_WAIT } from './tools/jobs';
import { runOperationTool } from './tools/operations';
import { listProfilesTool } from './tools/profiles';
import { sendRequestTool, VSCODE_WRITES } from './tools/requests';
import { checkSetupTool, verifyCredentialTool } from './tools/setup';
import { getAssetTool, listStorageTool } from './tools/storage';
import { VSCODE_ASKS, createFolderTool, moveAssetTool, trashAssetTool, uploadFileTool } from './tools/storageWrites';
import type { AgentTool, AgentToolDefinition, AgentToolName } from './types';

/** Every tool with its run, in the catalogue's order. */
export const TOOLS: readonly AgentTool[] = [
	listProfilesTool,
	checkSetupTool,
	verifyCredentialTool,
	listStorageTool,
	getAssetTool,
	sendRequestTool,
	getJobTool,
	createFolderTool,
	uploadFileTool,
	moveAssetTool,
	trashAssetTool,
	runOperationTool,
];

/**
 * The Cloud Storage writes (tools/storageWrites.ts, and tools/operations.ts, whose result is saved in
 * Cloud Storage): each asks first in VS Code; the MCP server runs them only with ADOBE_MCP_ALLOW_WRITES=1.
 */
export const STORAGE_WRITE_TOOLS: readonly AgentToolName[] = [
	'adobe_create_folder',
	'adobe_upload_file',
	'adobe_move_asset',
	'adobe_trash_asset',
	'adobe_run_operation',
];

export function isStorageWriteTool(name: string): boolean {
	return (STORAGE_WRITE_TOOLS as readonly string[]).includes(name);
}

/** What the front doors list: each tool's definition. */
export const AGENT_TOOLS: readonly AgentToolDefinition[] = TOOLS.map((tool) => tool.definition);

export const AGENT_TOOL_NAMES: readonly AgentToolName[] = AGENT_TOOLS.map((tool) => tool.name);

export function isAgentToolName(value: unknown): value is AgentToolName {
	return typeof value === 'string' && (AGENT_TOOL_NAMES as readonly string[]).includes(value);
}

export function agentToolDefinition(name: AgentToolName): AgentToolDefinition {
	return AGENT_TOOLS.find((tool) => tool.name === name) as AgentToolDefinition;
}

/** The tool named `name` (a catalogue name: isAgentToolName first). */
export function agentTool(name: AgentToolName): AgentTool {
	return TOOLS.find((tool) => tool.definition.name === name) as AgentTool;
}

/** How the MCP server runs the tools, which its descriptions must say (src/mcp/server.ts). */
export interface McpToolOptions {
	/** ADOBE_MCP_ALLOW_WRITES=1: requests that may change something are sent, and the storage writes run; otherwise they are refused. */
	writesAllowed: boolean;
	/** The longest one adobe_get_job call waits, in seconds (MCP clients give up on a call after 60 s). */
	maxJobWaitSeconds: number;
}

/** `text` with `from` replaced; throws when `from` is missing, so a reworded catalogue cannot leave a host's sentence false. */
function swap(text: string, from: string, to: string): string {
	if (!text.includes(from)) throw new Error(`The agent tool catalogue no longer contains "${from.slice(0, 60)}…"`);
	return text.replace(from, () => to);
}

/**
 * The catalogue as the MCP server lists it: the same tools and schemas, with what VS Code does (a
 * confirmation before a write, a job waited on for up to 600 s, the user's profiles) replaced by what
 * this server does, so that every description is true for the host that lists it.
 */
export function mcpAgentTools(options: McpToolOptions): AgentToolDefinition[] {
	const wait = options.maxJobWaitSeconds;
	const writes = options.writesAllowed
		? 'GET, HEAD and OPTIONS, and also every other method: this server was started with ADOBE_MCP_ALLOW_WRITES=1, so it sends requests that may create, change or delete something without asking anyone; only your MCP client may ask first.'
		: 'Only GET, HEAD and OPTIONS are sent: this server refuses every other method (an error result, nothing is sent) unless it is started with ADOBE_MCP_ALLOW_WRITES=1 in its environment.';
	const storageWrites = options.writesAllowed
		? 'This server was started with ADOBE_MCP_ALLOW_WRITES=1, so it runs this without asking anyone; only your MCP client may ask first.'
		: 'This server refuses it (an error result, nothing is changed) unless it is started with ADOBE_MCP_ALLOW_WRITES=1 in its environment.';
	return AGENT_TOOLS.map((tool): AgentToolDefinition => {
		if (isStorageWriteTool(tool.name)) {
			const where =
				tool.name === 'adobe_upload_file'
					? ' On this server the workspace is the folder ADOBE_MCP_WORKSPACE names, or the directory the server was started in.'
					: tool.name === 'adobe_run_operation'
						? " On this server a workspaceFile is read from the folder ADOBE_MCP_WORKSPACE names, or the directory the server was started in. The call lasts as long as Adobe's job and the save-back; if your client cancels it, the job is cancelled where Adobe allows (Firefly) and nothing is saved."
						: '';
			return { ...tool, modelDescription: swap(tool.modelDescription, VSCODE_ASKS, `${storageWrites}${where}`) };
		}
		switch (tool.name) {
			case 'adobe_list_profiles':
				return {
					...tool,
					modelDescription: `${tool.modelDescription} This MCP server has exactly one profile, the credential in its environment.`,
				};
			case 'adobe_send_request':
				return { ...tool, modelDescription: swap(tool.modelDescription, VSCODE_WRITES, writes) };
			case 'adobe_get_job': {
				const timeout = {
					...(tool.inputSchema.properties.timeoutSeconds as Record<string, unknown>),
					default: wait,
					description: `How long to wait for the end, in seconds (default and most that this server waits: ${wait}; a larger value waits ${wait} s).`,
				};
				return {
					...tool,
					modelDescription: swap(
						tool.modelDescription,
						VSCODE_JOB_WAIT,
						`waits until it ends (succeeded, failed, canceled, partially_succeeded) or timeoutSeconds pass, at most ${wait} s per call on this server (MCP clients give up on a call after 60 s); a job still running then is reported as such: call adobe_get_job again to keep following it`,
					),
					inputSchema: { ...tool.inputSchema, properties: { ...tool.inputSchema.properties, timeoutSeconds: timeout } },
				};
			}
			default:
				return tool;
		}
	});
}
