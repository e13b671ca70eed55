/**
 * Adobe's operations on a Cloud Storage file (issue #20), vscode-free: the catalogue, the request bodies, the run
 * pipeline and the request-file text. Front doors call createOperationRunner (through AdobeClients.operations).
 */
export { OPERATIONS, operationById, operationsFor, requireOperation, validateOptions } from './catalogue';
export { fireflyCall, photoshopCall, expectedOutputs, HOSTED_VALIDITY_SECONDS } from './bodies';
export type { FireflyInputs, OperationCall, PhotoshopDestination, PhotoshopInputs, PhotoshopSource } from './bodies';
export { createOperationRunner, isCreativeCloudRefusal, OPERATION_LIMITS, resultName } from './run';
export type { OperationLimits } from './run';
export { MANIFEST_LIMITS, readManifest } from './manifest';
export { operationRequestFile } from './requestFile';
export type * from './types';
