/** The setup doctor, as its front doors take it (src/bundles/network.ts, src/mcp/host.ts, the agent tools, the tests). */
export { runDoctor } from './run';
export { FINDING_IDS, FINDING_TITLES } from './types';
export type { DoctorClients, DoctorDeps, DoctorProfile, DoctorReport, Finding, FindingError, FindingId, FindingStatus } from './types';
export { ADD_API_URL, ENTERPRISE_STORAGE_ASSIGNMENT, IMS_REFERENCE_URL, S2S_IMPLEMENTATION_URL, USER_AUTH_URL } from './advice';
export { renderDoctorMarkdown, summarize } from './report';
