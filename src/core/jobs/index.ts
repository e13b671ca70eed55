/** Adobe's asynchronous jobs: the public names of core/jobs/. */
export * from './readers';
