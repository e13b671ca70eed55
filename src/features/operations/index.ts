/**
 * Adobe's operations on a Cloud Storage file (issue #20): no activation of its own. Its commands
 * (`adobeApi.storage.runOperation`, `adobeApi.storage.listOperations`) are registered by the explorer's
 * package.json dispatch and made in dist/commands.js with the explorer's code (features/explorer/explorerLoad.ts),
 * which hands over the tree as an OperationsHost.
 */
export { operationCommands } from './operationCommands';
export type { OperationTarget, OperationsHost, ScriptedRunResult } from './operationCommands';
export { takesOperations } from './mediaTypes';
/** For the agent tool's runner in VS Code (features/agentTools): the same Jobs view follow and route memory. */
export { followThroughJobs, routeMemory } from './operationState';
