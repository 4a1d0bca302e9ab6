export function ApiDown({ reason }: { reason: string }) {
  return (
    <main className="auth">
      <div className="panel state error" role="alert">
        <h1>We can’t reach the server</h1>
        <p>Your tasks are safe; the app just can’t load them right now. Try again in a moment.</p>
        <p className="muted">Details: {reason}</p>
        <a className="button" href="/">
          Try again
        </a>
      </div>
    </main>
  );
}
