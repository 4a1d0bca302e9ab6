import { AuthForm } from '@/components/AuthForm';

export default async function SignIn({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { expired } = await searchParams;
  return <AuthForm mode="sign-in" expired={expired === '1'} />;
}
