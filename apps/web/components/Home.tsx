'use client';

import { useState } from 'react';
import type { SessionUser } from '@/lib/server';
import { ChatPanel } from './ChatPanel';
import { Header } from './Header';
import { TasksPanel } from './TasksPanel';

export function Home({ user }: { user: SessionUser }) {
  const [refreshKey, setRefreshKey] = useState(0);
  const [chatOpen, setChatOpen] = useState(false);
  return (
    <>
      <Header user={user}>
        <button
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
        <TasksPanel refreshKey={refreshKey} />
        <aside id="chat-drawer" className={`drawer${chatOpen ? ' open' : ''}`}>
          <ChatPanel onTasksChanged={() => setRefreshKey((k) => k + 1)} />
        </aside>
      </main>
    </>
  );
}
