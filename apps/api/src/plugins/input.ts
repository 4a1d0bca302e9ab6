import { isStorableText, STORABLE_TEXT } from '@todo/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError, invalidField } from '../errors';

/** Deeper JSON than any of our bodies needs; past it, parsers and validators recurse a lot. */
export const MAX_JSON_DEPTH = 32;

/**
 * Input the database cannot store, refused with a 400 naming the field before any route sees
 * it: JSON nested too deeply, and NUL characters or unpaired surrogates anywhere in a body or
 * query (the auth routes have no schema of ours). The route schemas refuse the same text.
 */
export default fp(async function input(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepth(body as string) > MAX_JSON_DEPTH) {
      done(
        new HttpError(
          400,
          'bad_request',
          `body is nested more than ${MAX_JSON_DEPTH} levels deep`,
        ) as never,
        undefined,
      );
      return;
    }
    parseJson(request, body as string, done);
  });

  app.addHook('preValidation', async (request) => {
    // MCP answers bad tool arguments as tool errors, through the tools' own schemas.
    if (request.url === '/mcp' || request.url.startsWith('/mcp?')) return;
    const bad = findUnstorable(request.body) ?? findUnstorable(request.query);
    if (bad !== undefined) throw invalidField(bad || 'body', STORABLE_TEXT);
  });
});

/** The deepest nesting of arrays and objects in a JSON text, counted without parsing it. */
function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** The dotted path of the first string (value or key) the database could not store. */
function findUnstorable(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return path;
    } else if (v && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        const at = path ? `${path}.${key}` : key;
        if (!isStorableText(key)) return path || 'body';
        stack.push([child, at]);
      }
    }
  }
  return undefined;
}
