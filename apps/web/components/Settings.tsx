'use client';

import type { ApiToken, ApiTokenCreated } from '@todo/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { api, json } from '@/lib/api';

export function Settings() {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [origin, setOrigin] = useState('');

  const load = async () => {
    try {
      setTokens((await api<{ items: ApiToken[] }>('/api/tokens')).items);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  useEffect(() => {
    setOrigin(window.location.origin);
    void load();
  }, []);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const token = await api<ApiTokenCreated>('/api/tokens', {
        method: 'POST',
        body: json({ name: name || 'API token' }),
      });
      setCreated(token);
      setCopied(false);
      setName('');
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const revoke = async (id: string) => {
    try {
      await api(`/api/tokens/${id}`, { method: 'DELETE' });
      if (created?.id === id) setCreated(null);
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const copy = async () => {
    if (!created) return;
    await navigator.clipboard.writeText(created.token).catch(() => undefined);
    setCopied(true);
  };

  const mcpUrl = `${origin}/mcp`;
  return (
    <main className="settings">
      <section className="panel" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Personal API tokens</h2>
        <p className="muted">
          Tokens let scripts and AI agents (MCP clients) act on your tasks. Treat them like
          passwords: each is shown once.
        </p>
        <form className="row" onSubmit={create}>
          <label className="grow">
            <span>Token name</span>
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. my laptop agent"
              maxLength={100}
            />
          </label>
          <button type="submit">Create token</button>
        </form>
        {created && (
          <div className="notice success" role="status">
            <p>
              New token <strong>{created.name}</strong> — copy it now, it will not be shown again:
            </p>
            <div className="row">
              <code className="secret" aria-label="New token">
                {created.token}
              </code>
              <button type="button" onClick={() => void copy()}>
                {copied ? 'Copied' : 'Copy'}
              </button>
            </div>
          </div>
        )}
        {error && (
          <p className="notice error" role="alert">
            {error}
          </p>
        )}
        {tokens === null ? (
          <p aria-busy="true">Loading…</p>
        ) : tokens.length === 0 ? (
          <p className="state empty">No tokens yet.</p>
        ) : (
          <ul className="token-list" aria-label="Your tokens">
            {tokens.map((t) => (
              <li key={t.id}>
                <span>
                  <strong>{t.name}</strong> <code>{t.prefix}…</code>
                  <small className="muted">
                    {' '}
                    created {new Date(t.createdAt).toLocaleDateString()}
                    {t.lastUsedAt
                      ? `, last used ${new Date(t.lastUsedAt).toLocaleString()}`
                      : ', never used'}
                  </small>
                </span>
                <button
                  type="button"
                  className="ghost danger"
                  onClick={() => void revoke(t.id)}
                  aria-label={`Revoke ${t.name}`}
                >
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="mcp-heading">
        <h2 id="mcp-heading">Connect an MCP client</h2>
        <p>
          MCP URL: <code className="wrap">{mcpUrl}</code>
        </p>
        <pre className="code">{`{
  "mcpServers": {
    "todo": {
      "type": "http",
      "url": "${mcpUrl}",
      "headers": { "Authorization": "Bearer <your token>" }
    }
  }
}`}</pre>
      </section>
    </main>
  );
}
