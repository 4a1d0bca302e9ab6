import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/**
 * One MCP tool call over Streamable HTTP with a bearer token, through the official SDK client:
 * what kubectl-ai's MCP client does with a `servers:` entry of type bearer.
 */
export async function callMcpTool(o: {
  url: string;
  token: string;
  tool: string;
  args?: Record<string, unknown>;
}): Promise<{ tools: string[]; isError: boolean; text: string }> {
  const client = new Client({ name: 'todo-e2e-ai-ops', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(o.url), {
      requestInit: { headers: { authorization: `Bearer ${o.token}` } },
    }),
  );
  try {
    const { tools } = await client.listTools();
    const result = await client.callTool({ name: o.tool, arguments: o.args ?? {} });
    const text = (result.content as { text?: string }[]).map((c) => c.text ?? '').join('\n');
    return { tools: tools.map((t) => t.name), isError: Boolean(result.isError), text };
  } finally {
    await client.close();
  }
}
