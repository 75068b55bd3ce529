-- Bearer tokens are kept a few seconds by each instance (issue 14,
-- credential_cache.go). Each statement that can change what a token
-- resolves to notifies the channel carddesk_credentials on commit, whatever
-- wrote it, and every listening instance forgets what it keeps: a user
-- changed, deactivated or deleted, a role given or taken away, a token
-- revoked, deleted or moved to another user. A token's last use
-- (last_used_at) is not such a change and notifies nothing.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION credentials_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('carddesk_credentials', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER users_credentials_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();
CREATE TRIGGER user_roles_credentials_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_roles
  FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();
CREATE TRIGGER api_tokens_credentials_changed AFTER UPDATE OF user_id, token_hash, revoked_at OR DELETE OR TRUNCATE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();

-- +goose Down
DROP TRIGGER api_tokens_credentials_changed ON api_tokens;
DROP TRIGGER user_roles_credentials_changed ON user_roles;
DROP TRIGGER users_credentials_changed ON users;
DROP FUNCTION credentials_changed();
