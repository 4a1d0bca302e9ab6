'use client';

import { useEffect, useRef, useState } from 'react';
import type { SessionUser } from '@/lib/server';
import { ChatPanel } from './ChatPanel';
import { Header } from './Header';
import { TasksPanel } from './TasksPanel';
import type { ListState } from './tasks/views';

export function Home({ user, initial }: { user: SessionUser; initial: ListState }) {
  const [refreshKey, setRefreshKey] = useState(0);
  const [chatOpen, setChatOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);

  // Esc closes the chat drawer (phones) and gives the focus back to its button.
  useEffect(() => {
    if (!chatOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      setChatOpen(false);
      toggleRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [chatOpen]);

  const skipToChat = (e: React.MouseEvent) => {
    e.preventDefault();
    setChatOpen(true);
    setTimeout(() => document.getElementById('chat-input')?.focus());
  };

  return (
    <>
      <a href="#chat-input" className="skip-link" onClick={skipToChat}>
        Skip to chat
      </a>
      <Header user={user}>
        <button
          ref={toggleRef}
          type="button"
          className="ghost chat-toggle"
          aria-expanded={chatOpen}
          aria-controls="chat-drawer"
          onClick={() => setChatOpen(!chatOpen)}
        >
          {chatOpen ? 'Close chat' : 'Chat'}
        </button>
      </Header>
      <main className="home">
        <TasksPanel refreshKey={refreshKey} initial={initial} />
        <aside id="chat-drawer" className={`drawer${chatOpen ? ' open' : ''}`} aria-label="Chat">
          <ChatPanel onTasksChanged={() => setRefreshKey((k) => k + 1)} />
        </aside>
      </main>
    </>
  );
}
