/**
 * Entry point of the second bundle (dist/network.js): undici and the Adobe clients, and the
 * credential-file parser (with dotenv), which only Import Credentials needs. The extension requires
 * it on first use (see networkLoader.ts), so activation never loads an HTTP stack or a parser.
 */
import { CloudStorageClient } from './core/cloudStorage';
import { Endpoints } from './core/endpoints';
import { HttpClient, ProxyOptions } from './core/http';
import { ImsClient } from './core/ims';
import { UserAuthClient } from './core/oauth';
import { Clock, Logger, systemClock } from './core/logger';
import { PhotoshopClient } from './core/photoshop';
import { EndpointCheck, checkEndpoints } from './core/setupCheck';
import { CallerSource, VerificationOutcome, fireflyServicesBases, verifyCredential } from './core/verify';
import type { ApiKind } from './core/apiKinds';

export interface AdobeClientsOptions {
	endpoints: Endpoints;
	timeoutMs: number;
	proxy?: ProxyOptions;
	logger?: Logger;
	clock?: Clock;
	userAgent?: string;
}

export interface AdobeClients {
	readonly endpoints: Endpoints;
	readonly http: HttpClient;
	/** IMS at the configured endpoint. */
	readonly ims: ImsClient;
	/** IMS at another base URL (a profile's stage or custom environment), sharing the connection pool. */
	imsAt(baseUrl: string): ImsClient;
	readonly photoshop: PhotoshopClient;
	readonly cloudStorage: CloudStorageClient;
	/** User sign-in calls (authorization code, refresh, revoke, userinfo) at an IMS base URL. */
	userAuthAt(baseUrl: string): UserAuthClient;
	checkEndpoints(signal?: AbortSignal): Promise<EndpointCheck[]>;
	/** The cheapest documented authenticated call for the API kind (core/verify.ts). */
	verifyCredential(apiKind: ApiKind, caller: CallerSource, signal?: AbortSignal): Promise<VerificationOutcome>;
	close(): Promise<void>;
}

export function createAdobeClients(options: AdobeClientsOptions): AdobeClients {
	const clock = options.clock ?? systemClock;
	const http = new HttpClient({ timeoutMs: options.timeoutMs, proxy: options.proxy, logger: options.logger, clock, userAgent: options.userAgent });
	const ims = new ImsClient(http, options.endpoints.ims, clock);
	const endpoints = options.endpoints;
	const photoshop = new PhotoshopClient(http, endpoints.photoshop, clock, fireflyServicesBases(endpoints).photoshopV2);
	const cloudStorage = new CloudStorageClient(http, endpoints.cloudStorage, clock);
	return {
		endpoints,
		http,
		ims,
		imsAt: (baseUrl) => (baseUrl === endpoints.ims ? ims : new ImsClient(http, baseUrl, clock)),
		photoshop,
		cloudStorage,
		userAuthAt: (baseUrl) => new UserAuthClient(http, baseUrl, clock),
		checkEndpoints: (signal) => checkEndpoints(http, endpoints, signal),
		verifyCredential: (apiKind, caller, signal) => verifyCredential({ http, endpoints, cloudStorage, photoshop, clock }, apiKind, caller, signal),
		close: () => http.close(),
	};
}

export type { EndpointCheck, VerificationOutcome };
export type { Verification } from './core/verify';
export { checkImportSize, parseCredentialFile } from './core/importCredentials';
export { looksLikeCurl } from './core/curlImport';
export { runDoctor } from './core/doctor';
export { renderDoctorMarkdown, summarize as summarizeDoctorReport } from './core/doctorReport';
export type { DoctorDeps, DoctorReport, Finding, FindingId, FindingStatus } from './core/doctor';
export { UserSessions } from './core/userSessions';
export { sendRequestFileRequest } from './core/sendRequest';
export type { RequestOutcome } from './core/sendRequest';
export { JOB_DEFAULTS, cancelJob, followJob } from './core/asyncJobs';
export { AGENT_TOOLS, agentToolConfirmation, agentToolDefinition, invokeAgentTool, isAgentToolName } from './core/agentTools';
export type { AgentProfileInfo, AgentToolDefinition, AgentToolHost, AgentToolName, AgentToolResult } from './core/agentTools';
export { agentToolProgress } from './core/agentTools';
export { MAX_BINARY_BODY_BYTES } from './core/http';
