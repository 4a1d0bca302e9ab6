/**
 * The environment the scripts read, in one place (apps have their own config modules).
 * An empty variable counts as unset, as it does in a shell `${VAR:-default}`.
 */
export interface ScriptEnv {
  /** NODE_IMAGE: the base image the app images are built from. */
  nodeImage?: string;
  /** NODE_EXTRA_CA_CERTS: a CA to trust during image builds (a TLS-intercepting proxy). */
  caFile?: string;
  /** DOCKER_BUILD_NETWORK: `docker build --network` (CI uses host). */
  buildNetwork?: string;
  /** GIT_COMMIT: the revision label of built images. */
  gitCommit?: string;
  /** OPENAI_API_KEY: handed to the backend and kagent as a Secret, on stdin. */
  openaiApiKey?: string;
  /** TODO_MCP_TOKEN: the token kagent sends to the app's MCP endpoint. */
  mcpToken?: string;
  /** XDG_CONFIG_HOME: where kubectl-ai looks for its configuration (default ~/.config). */
  xdgConfigHome?: string;
}

export function scriptEnv(env: Record<string, string | undefined> = process.env): ScriptEnv {
  const get = (name: string) => env[name] || undefined;
  return {
    nodeImage: get('NODE_IMAGE'),
    caFile: get('NODE_EXTRA_CA_CERTS'),
    buildNetwork: get('DOCKER_BUILD_NETWORK'),
    gitCommit: get('GIT_COMMIT'),
    openaiApiKey: get('OPENAI_API_KEY'),
    mcpToken: get('TODO_MCP_TOKEN'),
    xdgConfigHome: get('XDG_CONFIG_HOME'),
  };
}
