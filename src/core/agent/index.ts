/** The agent tools, as the front doors take them (src/bundles/network.ts, src/mcp/server.ts, the tests). */
export type { AgentProfileInfo, AgentToolDefinition, AgentToolHost, AgentToolInputSchema, AgentToolName, AgentToolResult } from './types';
export { MAX_AGENT_BODY_CHARS } from './types';
export {
	AGENT_TOOLS,
	AGENT_TOOL_NAMES,
	STORAGE_WRITE_TOOLS,
	agentToolDefinition,
	isAgentToolName,
	isStorageWriteTool,
	mcpAgentTools,
} from './catalogue';
export { MAX_AGENT_UPLOAD_BYTES, openWorkspaceFile } from './workspaceFile';
export type { McpToolOptions } from './catalogue';
export type { AgentToolConfirmation, AgentToolConfirmationOptions } from './runner';
export { MAX_CONFIRMATION_BODY_CHARS, agentToolConfirmation, agentToolInputProblem, agentToolProgress, invokeAgentTool } from './runner';
export { AGENT_HTTP_METHODS, READ_ONLY_METHODS } from './tools/requests';
export type { AgentHttpMethod } from './tools/requests';
export { DEFAULT_AGENT_PAGE_SIZE, MAX_AGENT_PAGE_SIZE } from './tools/storage';
export { DEFAULT_JOB_WAIT_SECONDS, MAX_JOB_WAIT_SECONDS } from './tools/jobs';
