import { stringify } from 'yaml';
import { z } from 'zod';
import type { Cluster } from '../deploy/cluster';
import type { DeployStep } from '../deploy/steps';

/** kagent 0.10.x, the line whose kagent.dev/v1alpha2 resources our manifests use. */
export const KAGENT_VERSION = '0.10.1';
export const KAGENT_NAMESPACE = 'kagent';
const chart = (name: string) => `oci://ghcr.io/kagent-dev/kagent/helm/${name}`;

/*
 * Our own schema for the kagent.dev/v1alpha2 fields these manifests use (no CRDs can be
 * fetched here). Strict objects: a typo fails the test instead of being ignored by the cluster.
 */
const meta = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1),
  labels: z.record(z.string(), z.string()).optional(),
});
const secretValue = z.strictObject({
  type: z.enum(['Secret', 'ConfigMap']),
  name: z.string().min(1).max(253),
  key: z.string().min(1).max(253),
});

export const ModelConfig = z.strictObject({
  apiVersion: z.literal('kagent.dev/v1alpha2'),
  kind: z.literal('ModelConfig'),
  metadata: meta,
  spec: z
    .strictObject({
      provider: z.enum([
        'OpenAI',
        'Ollama',
        'Anthropic',
        'AzureOpenAI',
        'Gemini',
        'GeminiVertexAI',
        'AnthropicVertexAI',
        'Bedrock',
      ]),
      model: z.string().min(1),
      apiKeySecret: z.string().optional(),
      apiKeySecretKey: z.string().optional(),
      openAI: z
        .strictObject({ baseUrl: z.string().optional(), temperature: z.string().optional() })
        .optional(),
      ollama: z
        .strictObject({
          host: z.string().optional(),
          options: z.record(z.string(), z.string()).optional(),
        })
        .optional(),
    })
    .refine((s) => !(s.openAI && s.provider !== 'OpenAI'), {
      error: 'openAI must be nil if the provider is not OpenAI',
    })
    .refine((s) => !(s.ollama && s.provider !== 'Ollama'), {
      error: 'ollama must be nil if the provider is not Ollama',
    })
    .refine((s) => !s.apiKeySecret === !s.apiKeySecretKey, {
      error: 'apiKeySecret and apiKeySecretKey go together',
    }),
});

export const RemoteMCPServer = z.strictObject({
  apiVersion: z.literal('kagent.dev/v1alpha2'),
  kind: z.literal('RemoteMCPServer'),
  metadata: meta,
  spec: z.strictObject({
    description: z.string(),
    protocol: z.enum(['SSE', 'STREAMABLE_HTTP']).optional(),
    url: z.string().min(1),
    timeout: z
      .string()
      .regex(/^\d+(ms|s|m|h)$/)
      .optional(),
    headersFrom: z
      .array(
        z
          .strictObject({
            name: z.string(),
            value: z.string().optional(),
            valueFrom: secretValue.optional(),
          })
          .refine((h) => !h.value !== !h.valueFrom, {
            error: 'exactly one of value or valueFrom must be specified',
          }),
      )
      .optional(),
  }),
});

const McpServerTool = z
  .strictObject({
    apiGroup: z.string().optional(),
    kind: z.string().optional(),
    name: z.string().min(1),
    namespace: z.string().optional(),
    toolNames: z.array(z.string()).optional(),
    requireApproval: z.array(z.string()).optional(),
    allowedHeaders: z.array(z.string()).optional(),
  })
  .refine((t) => !t.requireApproval || t.requireApproval.every((n) => t.toolNames?.includes(n)), {
    error: 'each requireApproval entry must also appear in toolNames',
  });

export const Agent = z.strictObject({
  apiVersion: z.literal('kagent.dev/v1alpha2'),
  kind: z.literal('Agent'),
  metadata: meta,
  spec: z.strictObject({
    type: z.enum(['Declarative', 'BYO']),
    description: z.string().optional(),
    declarative: z
      .strictObject({
        modelConfig: z.string().optional(),
        systemMessage: z.string().optional(),
        stream: z.boolean().optional(),
        tools: z
          .array(
            z
              .strictObject({
                type: z.enum(['McpServer', 'Agent']),
                mcpServer: McpServerTool.optional(),
              })
              .refine((t) => (t.type === 'McpServer') === Boolean(t.mcpServer), {
                error: 'mcpServer goes with type McpServer',
              }),
          )
          .max(20)
          .optional(),
      })
      .optional(),
  }),
});

const schemas: Record<string, z.ZodType> = { ModelConfig, RemoteMCPServer, Agent };

export function validateKagentObject(obj: { kind?: string }): string[] {
  const schema = schemas[obj.kind ?? ''];
  if (!schema) return [`${obj.kind ?? '(no kind)'} is not a kagent kind these manifests use`];
  const r = schema.safeParse(obj);
  return r.success
    ? []
    : r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

/**
 * The tools of todo-sre that only read. Every other tool it is given changes state (the
 * cluster, or the user's tasks: add_task and complete_task included) and must wait for a
 * person's approval: the docs promise exactly that, and a test holds the Agent to it.
 */
export const readOnlyTools = [
  'k8s_get_resources',
  'k8s_describe_resource',
  'k8s_get_resource_yaml',
  'k8s_get_pod_logs',
  'k8s_get_events',
  'list_tasks',
];

export type KagentProvider = 'openAI' | 'ollama';

/** The ModelConfig each provider uses: the Agent is pointed at the one installed with it. */
export const modelConfigFor: Record<KagentProvider, string> = {
  openAI: 'todo-openai',
  ollama: 'todo-ollama',
};

/**
 * The kagent chart's values: only what todo-sre needs on a 2-CPU cluster (the controller, its
 * UI for approvals, and the kagent-tools server), none of the ten demo agents or extra MCP
 * servers. The tools server gets no RBAC from its chart (its default is cluster-admin): it
 * runs as `kagent-tools` with only the Roles generated from the blueprint.
 */
export function kagentValues(provider: KagentProvider, openaiApiKey?: string) {
  const off = { enabled: false };
  return {
    providers:
      provider === 'openAI'
        ? { default: 'openAI', openAI: { apiKey: openaiApiKey ?? '' } }
        : { default: 'ollama' },
    kmcp: off, // MCPServer (stdio) controller: todo-sre uses RemoteMCPServers only
    'kagent-tools': { enabled: true, rbac: { create: false } },
    ...Object.fromEntries(
      [
        'k8s-agent',
        'kgateway-agent',
        'istio-agent',
        'promql-agent',
        'observability-agent',
        'argo-rollouts-agent',
        'helm-agent',
        'cilium-policy-agent',
        'cilium-manager-agent',
        'cilium-debug-agent',
        'grafana-mcp',
        'querydoc',
      ].map((name) => [name, off]),
    ),
  };
}

/** Our kagent objects for a provider: its ModelConfig, the app's MCP server, the Agent on that model. */
export function kagentObjects(
  provider: KagentProvider,
  files: { modelConfig: Record<KagentProvider, object>; remoteMcpServer: object; agent: object },
): object[] {
  const agent = structuredClone(files.agent) as {
    spec: { declarative: { modelConfig?: string } };
  };
  agent.spec.declarative.modelConfig = modelConfigFor[provider];
  return [files.modelConfig[provider], files.remoteMcpServer, agent];
}

export interface KagentInstallOptions {
  cluster: Cluster;
  helm: string;
  kubectl: string;
  provider: KagentProvider;
  openaiApiKey?: string;
  mcpToken?: string;
  /** Files to apply first (the generated RBAC and admission policy). */
  manifests: string[];
  /** Our kagent objects (`kagentObjects`), applied last on stdin. */
  objects: object[];
}
/**
 * kagent's CRDs and controller at the pinned version, then our guardrails and resources.
 * Keys travel on stdin (Helm values, Secret manifests), never on the command line.
 */
export function kagentInstallPlan(o: KagentInstallOptions): DeployStep[] {
  const ctx = ['--kube-context', o.cluster.context];
  const steps: DeployStep[] = [
    {
      kind: 'release',
      release: 'kagent-crds',
      namespace: KAGENT_NAMESPACE,
      title: `kagent CRDs ${KAGENT_VERSION}`,
      command: o.helm,
      args: [
        'upgrade',
        '--install',
        'kagent-crds',
        chart('kagent-crds'),
        '--version',
        KAGENT_VERSION,
        '--namespace',
        KAGENT_NAMESPACE,
        '--create-namespace',
        '--wait',
        ...ctx,
      ],
    },
  ];
  steps.push({
    kind: 'release',
    release: 'kagent',
    namespace: KAGENT_NAMESPACE,
    title: `kagent controller ${KAGENT_VERSION} (${o.provider})`,
    command: o.helm,
    args: [
      'upgrade',
      '--install',
      'kagent',
      chart('kagent'),
      '--version',
      KAGENT_VERSION,
      '--namespace',
      KAGENT_NAMESPACE,
      '--wait',
      ...ctx,
      '--values',
      '-',
    ],
    input: stringify(kagentValues(o.provider, o.openaiApiKey)),
    inputSummary:
      o.provider === 'openAI'
        ? 'minimal values; providers.openAI.apiKey from OPENAI_API_KEY (the chart owns Secret kagent-openai)'
        : 'minimal values; providers.default=ollama',
  });
  // The chart makes kagent-openai from the key; applying it again would let
  // `helm uninstall kagent` delete what todo-openai depends on. Only the app token is ours.
  if (o.mcpToken) {
    steps.push({
      kind: 'apply',
      namespace: KAGENT_NAMESPACE,
      title: 'Secret todo-mcp-token for the app token',
      command: o.kubectl,
      args: ['apply', '--context', o.cluster.context, '-f', '-'],
      input: stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'todo-mcp-token', namespace: KAGENT_NAMESPACE },
        type: 'Opaque',
        stringData: { Authorization: `Bearer ${o.mcpToken}` },
      }),
      inputSummary: 'todo-mcp-token from TODO_MCP_TOKEN',
    });
  }
  for (const file of o.manifests) {
    steps.push({
      kind: 'apply',
      title: `apply ${file}`,
      command: o.kubectl,
      args: ['apply', '--context', o.cluster.context, '-f', file],
    });
  }
  steps.push({
    kind: 'apply',
    namespace: KAGENT_NAMESPACE,
    title: `ModelConfig ${modelConfigFor[o.provider]}, RemoteMCPServer todo-tasks, Agent todo-sre`,
    command: o.kubectl,
    args: ['apply', '--context', o.cluster.context, '-f', '-'],
    input: o.objects.map((x) => stringify(x)).join('---\n'),
    inputSummary: `Agent todo-sre on ModelConfig ${modelConfigFor[o.provider]}`,
  });
  return steps;
}
