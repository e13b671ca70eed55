/**
 * Adobe's asynchronous jobs, vscode-free: the request-file runner, the Jobs view, the agent tools and
 * the MCP server call the same functions.
 * - detect.ts: the answer that starts a job, and which API issued it;
 * - readers.ts: JOB_APIS, one entry per API (name, pace, hosts and paths, status reader);
 * - follow.ts: bounded polling to the job's end, and cancel.
 */
export { apiOfJob, apiOfStatusUrl, detectJob } from './detect';
export type { JobRef } from './detect';
export { JOB_APIS, interpretJobStatus } from './readers';
export type { JobApi, JobApiSpec, JobOutput, JobState, JobStatus } from './readers';
export { JOB_DEFAULTS, MAX_STATUS_BODY_BYTES, MIN_POLL_DELAY_MS, cancelJob, followJob } from './follow';
export type { FollowJobDeps, FollowJobOptions } from './follow';
