/** Running the deployed app: status, logs, teardown, the port-forward, and the doctor's checks. */
export * from './status';
export * from './logs';
export * from './teardown';
export * from './port-forward';
export * from './doctor';
