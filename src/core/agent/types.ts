/**
 * What an agent tool is, for the catalogue (catalogue.ts), the runner (runner.ts) and each tool
 * group (tools/<group>.ts): its definition (what the front doors list), its run (what it does with
 * one invocation), the host the front doors pass in, and what a tool returns. No 'vscode' import.
 */
import type { ApiKind } from '../credentials/apiKinds';
import type { Finding } from '../diagnostics/doctor';
import type { Clock } from '../common/logger';
import type { CallerSource } from '../common/caller';
import type { AdobeClients } from '../clients';
import type { StorageWrites } from '../storage/writeTypes';
import type { OperationRunner } from '../operations/types';

export type AgentToolName =
	| 'adobe_list_profiles'
	| 'adobe_check_setup'
	| 'adobe_verify_credential'
	| 'adobe_list_storage'
	| 'adobe_get_asset'
	| 'adobe_send_request'
	| 'adobe_get_job'
	| 'adobe_create_folder'
	| 'adobe_upload_file'
	| 'adobe_move_asset'
	| 'adobe_trash_asset'
	| 'adobe_run_operation';

/** A JSON Schema object, as language model tools and MCP take them. */
export interface AgentToolInputSchema {
	type: 'object';
	properties: Record<string, unknown>;
	required?: string[];
	additionalProperties?: boolean;
}

export interface AgentToolDefinition {
	name: AgentToolName;
	/** What users type after `#` in a chat prompt (VS Code's `toolReferenceName`). */
	toolReferenceName: string;
	displayName: string;
	/** For the model: what the tool does, what it returns, and when to use it. */
	modelDescription: string;
	/** For people, in VS Code's tool picker. */
	userDescription: string;
	tags: string[];
	inputSchema: AgentToolInputSchema;
	/**
	 * The tool only reads. A tool that is not read-only asks first (runner.ts agentToolConfirmation):
	 * adobe_send_request with a method other than GET/HEAD/OPTIONS, and every Cloud Storage write.
	 */
	readOnly: boolean;
	/** A write that may change or remove what exists (move, rename, trash), not only add (MCP's destructiveHint). */
	destructive?: boolean;
}

/** The longest response body a tool hands back, in characters. */
export const MAX_AGENT_BODY_CHARS = 16_000;

export interface AgentProfileInfo {
	name: string;
	apiKind: ApiKind;
	scopes: string[];
	active: boolean;
	/** A user (OAuth) profile: whether someone is signed in. */
	signedIn?: boolean;
	token: { state: 'none' | 'valid' | 'expiring' | 'expired'; expiresAt?: string };
}

export interface AgentToolHost {
	clients: AdobeClients;
	listProfiles(): AgentProfileInfo[] | Promise<AgentProfileInfo[]>;
	/** The named (or active/default) profile and its token source. Throws a readable AdobeApiError when there is none. */
	caller(profileName: string | undefined, signal?: AbortSignal): Promise<{ profile: AgentProfileInfo; caller: CallerSource }>;
	/** The setup doctor's findings for the profile. */
	checkSetup(profileName: string | undefined, signal?: AbortSignal): Promise<Finding[]>;
	/** Origins the user approved for the token (request files' rule, core/requests/origins.ts). */
	approvedOrigins(): readonly string[];
	/** Cloud Storage writes bound to a token source, instead of `clients.storageWrites` (core/storage/writes.ts): for tests. */
	storageWrites?(caller: CallerSource): StorageWrites;
	/**
	 * Adobe's operations on a storage file for the profile (adobe_run_operation), instead of
	 * `clients.operations(caller)`: VS Code's follows the job in the Jobs view and remembers per profile
	 * which input route works; the MCP server's remembers it for its one profile while it runs; tests pass a recorder.
	 * `title` names the job where it is shown ("Auto Tone on hero.jpg").
	 */
	operations?(caller: CallerSource, profileName: string, title: string): OperationRunner;
	/**
	 * The folders a local file an agent names must be inside (workspaceFile.ts): VS Code's workspace
	 * folders on disk; the MCP server's ADOBE_MCP_WORKSPACE, or its working directory.
	 */
	workspaceRoots?(): readonly string[];
	/** The host's redactor (it knows the secret and every token). */
	redact(text: string): string;
	clock?: Clock;
}

/** `text`: short structured text for the model; `data`: the same as JSON. Both redacted. */
export interface AgentToolResult {
	text: string;
	data: Record<string, unknown>;
	isError?: boolean;
}

export type Fields = Record<string, unknown>;

/** One invocation: the host, and every token it handed out (removed from the result whatever the host's redactor knows). */
export interface Run {
	host: AgentToolHost;
	signal?: AbortSignal;
	clock: Clock;
	secrets: string[];
}

/** One tool: its definition, as every front door lists it, and what it does, with the input its inputSchema allows (runner.ts checks that first). */
export interface AgentTool {
	definition: AgentToolDefinition;
	run(run: Run, fields: Fields): Promise<AgentToolResult>;
}
