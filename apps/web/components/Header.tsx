'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { SessionUser } from '@/lib/server';

export function Header({ user, children }: { user: SessionUser; children?: ReactNode }) {
  const signOut = async () => {
    await fetch('/api/auth/sign-out', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).catch(() => undefined);
    window.location.assign('/sign-in');
  };
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        <span aria-hidden>✓</span> Todo
      </Link>
      <nav aria-label="Account">
        {children}
        <Link href="/settings">Settings</Link>
        <span className="muted user-name" title={user.email}>
          {user.name || user.email}
        </span>
        <button type="button" className="ghost" onClick={() => void signOut()}>
          Sign out
        </button>
      </nav>
    </header>
  );
}
