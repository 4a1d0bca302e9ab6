/** Running external commands: the command runner, finding tools, the scripts' environment. */
export * from './runner';
export * from './lookup';
export * from './env';
