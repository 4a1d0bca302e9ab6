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

/** Tools whose effects are destructive or change state; each must need approval. */
export const toolsNeedingApproval = [
  'delete_task',
  'update_task',
  'k8s_scale',
  'k8s_patch_resource',
  'k8s_delete_resource',
  'k8s_apply_manifest',
];

export interface KagentInstallOptions {
  cluster: Cluster;
  helm: string;
  kubectl: string;
  provider: 'openAI' | 'ollama';
  openaiApiKey?: string;
  mcpToken?: string;
  manifests: string[];
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
  const providerValues =
    o.provider === 'openAI'
      ? { providers: { default: 'openAI', openAI: { apiKey: o.openaiApiKey ?? '' } } }
      : { providers: { default: 'ollama' } };
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
    input: stringify(providerValues),
    inputSummary:
      o.provider === 'openAI'
        ? 'providers.openAI.apiKey from OPENAI_API_KEY'
        : 'providers.default=ollama',
  });
  const secret = (name: string, stringData: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: KAGENT_NAMESPACE },
    type: 'Opaque',
    stringData,
  });
  const secrets: object[] = [
    ...(o.openaiApiKey ? [secret('kagent-openai', { OPENAI_API_KEY: o.openaiApiKey })] : []),
    ...(o.mcpToken ? [secret('todo-mcp-token', { Authorization: `Bearer ${o.mcpToken}` })] : []),
  ];
  if (secrets.length) {
    steps.push({
      kind: 'apply',
      namespace: KAGENT_NAMESPACE,
      title: 'Secrets for the model key and the app token',
      command: o.kubectl,
      args: ['apply', '--context', o.cluster.context, '-f', '-'],
      input: secrets.map((s) => stringify(s)).join('---\n'),
      inputSummary: [
        o.openaiApiKey && 'kagent-openai from OPENAI_API_KEY',
        o.mcpToken && 'todo-mcp-token from TODO_MCP_TOKEN',
      ]
        .filter(Boolean)
        .join(', '),
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
  return steps;
}
