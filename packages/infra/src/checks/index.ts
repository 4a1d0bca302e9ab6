/** Checks of the work itself: the smoke test of a running app and the pre-commit plan. */
export * from './smoke';
export * from './precommit';
export * from './mcp-call';
