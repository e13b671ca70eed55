/** The setup doctor, as its front doors take it (src/bundles/network.ts, src/mcp/host.ts, the agent tools, the tests). */
export * from './run';
export { renderDoctorMarkdown, summarize } from './report';
