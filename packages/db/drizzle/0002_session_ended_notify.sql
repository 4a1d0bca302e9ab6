-- Sessions (and, below, API tokens) are cached in the API processes (no database round trip per request). Whenever a
-- session row goes away (sign-out, revocation, expiry clean-up, a deleted user), every API
-- process is told at once, so the cached copy stops working too.
CREATE OR REPLACE FUNCTION todo_notify_session_ended() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('todo_session_ended', OLD.token);
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER sessions_ended_notify AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION todo_notify_session_ended();
--> statement-breakpoint
CREATE TRIGGER sessions_changed_notify AFTER UPDATE OF token, expires_at, user_id ON sessions
  FOR EACH ROW EXECUTE FUNCTION todo_notify_session_ended();
--> statement-breakpoint
-- The same for personal API tokens, which the API also keeps in memory once checked.
CREATE OR REPLACE FUNCTION todo_notify_api_token_revoked() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('todo_api_token_revoked', OLD.token_hash);
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER api_tokens_revoked_notify AFTER DELETE OR UPDATE OF token_hash, user_id ON api_tokens
  FOR EACH ROW EXECUTE FUNCTION todo_notify_api_token_revoked();
