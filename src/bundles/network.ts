/**
 * Entry point of dist/network.js: undici and the Adobe clients, and the credential-file parser
 * (with dotenv), which only Import Credentials needs. The extension requires it on first use
 * (src/shared/clientProvider.ts), so activation never loads an HTTP stack or a parser.
 * Nothing imports this file at run time; type imports describe the loaded module.
 */
export { createAdobeClients } from '../core/clients';
export type { AdobeClients, AdobeClientsOptions, EndpointCheck, VerificationOutcome } from '../core/clients';
export type { Verification } from '../core/diagnostics/verify';
export { checkImportSize, parseCredentialFile } from '../core/credentials/importCredentials';
export { looksLikeCurl } from '../core/credentials/curlImport';
export { runDoctor } from '../core/diagnostics/doctor';
export { renderDoctorMarkdown, summarize as summarizeDoctorReport } from '../core/diagnostics/doctor';
export type { DoctorDeps, DoctorReport, Finding, FindingId, FindingStatus } from '../core/diagnostics/doctor';
export { UserSessions } from '../core/signIn/userSessions';
export { sendRequest, sendRequestFileRequest } from '../core/requests/send';
export type { RequestOutcome } from '../core/requests/send';
export { JOB_DEFAULTS, cancelJob, followJob } from '../core/jobs';
export { AGENT_TOOLS, agentToolConfirmation, agentToolDefinition, invokeAgentTool, isAgentToolName } from '../core/agent';
export type { AgentProfileInfo, AgentToolDefinition, AgentToolHost, AgentToolName, AgentToolResult } from '../core/agent';
export { agentToolProgress } from '../core/agent';
export { MAX_BINARY_BODY_BYTES } from '../core/common/http';
export {
	MAX_ROLE_ENTRIES,
	NAME_CLASH_PREFIX,
	UPLOAD_LIMITS,
	checkWritable,
	createStorageWrites,
	folderTransferUnsupported,
	isNameClash,
	isWriteConflict,
} from '../core/storage/writes';
export type { CloudStorageWriter, StorageCredentials, WriteAction } from '../core/storage/writes';
export { ASSET_NAME_RULE, assetNameProblem } from '../core/storage/names';
