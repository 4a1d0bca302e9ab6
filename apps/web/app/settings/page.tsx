import { redirect } from 'next/navigation';
import { ApiDown } from '@/components/ApiDown';
import { Header } from '@/components/Header';
import { Settings } from '@/components/Settings';
import { getSession } from '@/lib/server';

export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const session = await getSession();
  if (session.kind === 'api-down') return <ApiDown reason={session.reason} />;
  if (session.kind === 'signed-out') redirect('/sign-in');
  return (
    <>
      <Header user={session.user} />
      <Settings />
    </>
  );
}
