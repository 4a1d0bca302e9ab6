import { toolNames } from '@todo/contracts';

/**
 * The routes whose handlers are not ours (better-auth, the MCP SDK), written into the OpenAPI
 * document by hand so that /docs covers everything a client can call.
 */
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } },
});
const limited = errorResponse(
  'Too many attempts from this address or at this account (AUTH_RATE_LIMIT_MAX per AUTH_RATE_LIMIT_WINDOW_MS); see retry-after',
);
const user = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    createdAt: { type: 'string' },
  },
};
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

const authPaths = {
  '/api/auth/sign-up/email': {
    post: {
      tags: ['auth'],
      summary: 'Create an account (then sign in)',
      description:
        'Gives the same answer whether or not the email is already registered, and signs nobody in, so sign-up does not tell anyone which emails exist. Sign in next with POST /api/auth/sign-in/email.',
      requestBody: {
        required: true,
        ...json({
          type: 'object',
          required: ['email', 'password', 'name'],
          properties: {
            email: { type: 'string', format: 'email' },
            password: { type: 'string', minLength: 8, maxLength: 128 },
            name: { type: 'string' },
          },
        }),
      },
      responses: {
        200: {
          description: 'Accepted',
          ...json({ type: 'object', properties: { token: { type: 'null' }, user } }),
        },
        400: errorResponse('A field is missing or invalid (named in the message)'),
        429: limited,
      },
    },
  },
  '/api/auth/sign-in/email': {
    post: {
      tags: ['auth'],
      summary: 'Sign in; sets the session cookie (HttpOnly, SameSite=Lax)',
      requestBody: {
        required: true,
        ...json({
          type: 'object',
          required: ['email', 'password'],
          properties: { email: { type: 'string' }, password: { type: 'string' } },
        }),
      },
      responses: {
        200: {
          description: 'Signed in; Set-Cookie carries the session',
          ...json({ type: 'object', properties: { user } }),
        },
        401: errorResponse('Invalid email or password'),
        403: errorResponse('A browser request from an untrusted Origin'),
        429: limited,
      },
    },
  },
  '/api/auth/sign-out': {
    post: {
      tags: ['auth'],
      summary: 'End the session',
      description:
        'Needs the session cookie and an Origin among TRUSTED_ORIGINS (as every state-changing request with the cookie does). The session stops working at once.',
      security: [{ session: [] }],
      responses: {
        200: { description: 'Signed out' },
        403: errorResponse('Untrusted or missing Origin'),
      },
    },
  },
  '/api/auth/get-session': {
    get: {
      tags: ['auth'],
      summary: 'The current session and user, or null',
      security: [{ session: [] }],
      responses: { 200: { description: 'The session, or null when signed out' } },
    },
  },
};

const notAllowed = {
  tags: ['mcp'],
  summary: 'Not supported: the MCP server is stateless',
  security: [{ bearer: [] }],
  responses: { 405: { description: 'Use POST' } },
};

const mcpPaths = {
  '/mcp': {
    post: {
      tags: ['mcp'],
      summary: 'The task tools over MCP',
      description: `Model Context Protocol, Streamable HTTP transport, stateless (no sessions, JSON responses). Send JSON-RPC 2.0 requests (initialize, tools/list, tools/call) with "Accept: application/json, text/event-stream". Tools: ${toolNames.join(', ')}; each acts for the token's owner only. Needs a personal API token (POST /api/tokens) as "Authorization: Bearer <token>". Bad arguments are tool errors (isError) naming the argument.`,
      security: [{ bearer: [] }],
      requestBody: {
        required: true,
        ...json({ type: 'object', description: 'A JSON-RPC 2.0 request or batch' }),
      },
      responses: {
        200: { description: 'The JSON-RPC response', ...json({ type: 'object' }) },
        401: errorResponse('No token, or a revoked or unknown one (WWW-Authenticate: Bearer)'),
      },
    },
    get: notAllowed,
    delete: notAllowed,
  },
};

/** @fastify/swagger's transformObject: adds the hand-written paths and the error schema. */
export function addHandWrittenPaths({ openapiObject }: { openapiObject: Record<string, unknown> }) {
  const doc = openapiObject as {
    paths?: Record<string, unknown>;
    components?: { schemas?: Record<string, unknown> };
  };
  doc.paths = { ...authPaths, ...doc.paths, ...mcpPaths };
  doc.components = {
    ...doc.components,
    schemas: {
      ...doc.components?.schemas,
      ApiErrorBody: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: { code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  };
  return doc;
}
