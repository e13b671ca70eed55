/**
 * Entry point of dist/requests.js: request files, the Jobs view and the language model tools.
 * src/features/requests/index.ts requires it when a request file opens or one of its commands runs.
 */
export * from '../features/requests/feature';
