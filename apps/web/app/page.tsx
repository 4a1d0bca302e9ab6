import { redirect } from 'next/navigation';
import { ApiDown } from '@/components/ApiDown';
import { Home } from '@/components/Home';
import { parseListState } from '@/components/tasks/views';
import { getSession } from '@/lib/server';

export const dynamic = 'force-dynamic';

type Search = Record<string, string | string[] | undefined>;

export default async function Page({ searchParams }: { searchParams: Promise<Search> }) {
  const session = await getSession();
  if (session.kind === 'api-down') return <ApiDown reason={session.reason} />;
  if (session.kind === 'signed-out') redirect('/sign-in');
  // The view and filters come from the URL, so a reload or a shared link shows the same list.
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    if (typeof value === 'string') params.set(key, value);
  }
  return <Home user={session.user} initial={parseListState(params)} />;
}
