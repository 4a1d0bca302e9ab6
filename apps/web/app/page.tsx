import { redirect } from 'next/navigation';
import { ApiDown } from '@/components/ApiDown';
import { Home } from '@/components/Home';
import { getSession } from '@/lib/server';

export const dynamic = 'force-dynamic';

export default async function Page() {
  const session = await getSession();
  if (session.kind === 'api-down') return <ApiDown reason={session.reason} />;
  if (session.kind === 'signed-out') redirect('/sign-in');
  return <Home user={session.user} />;
}
