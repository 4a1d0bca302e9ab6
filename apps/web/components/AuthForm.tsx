'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { api, json } from '@/lib/api';

export function AuthForm({ mode, expired }: { mode: 'sign-in' | 'sign-up'; expired?: boolean }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signUp = mode === 'sign-up';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (signUp) {
        await api('/api/auth/sign-up/email', {
          method: 'POST',
          body: json({ name: name || email.split('@')[0], email, password }),
        });
      }
      // Sign-up signs nobody in (so it cannot reveal which emails exist): sign in next.
      await api('/api/auth/sign-in/email', { method: 'POST', body: json({ email, password }) });
      window.location.assign('/');
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <main className="auth">
      <form className="panel" onSubmit={submit} aria-labelledby="auth-heading">
        <h1 id="auth-heading">{signUp ? 'Create your account' : 'Sign in'}</h1>
        {expired && !signUp && (
          <p className="notice" role="status">
            Your session has ended. Please sign in again.
          </p>
        )}
        {signUp && (
          <label>
            <span>Name</span>
            <input
              name="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="name"
            />
          </label>
        )}
        <label>
          <span>Email</span>
          <input
            name="email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="email"
            required
          />
        </label>
        <label>
          <span>Password</span>
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={signUp ? 'new-password' : 'current-password'}
            minLength={signUp ? 8 : undefined}
            required
          />
          {signUp && <small className="muted">At least 8 characters.</small>}
        </label>
        {error && (
          <p className="notice error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {signUp ? 'Sign up' : 'Sign in'}
        </button>
        <p className="muted">
          {signUp ? (
            <>
              Already have an account? <Link href="/sign-in">Sign in</Link>
            </>
          ) : (
            <>
              New here? <Link href="/sign-up">Create an account</Link>
            </>
          )}
        </p>
      </form>
    </main>
  );
}
