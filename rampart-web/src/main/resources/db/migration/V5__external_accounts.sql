-- Accounts that log in through OIDC: known by the provider's issuer and subject, with no password. A local account
-- has a password hash and no subject; an external one the reverse, so neither kind can log in the other's way.
ALTER TABLE account ADD COLUMN oidc_issuer VARCHAR(512);
ALTER TABLE account ADD COLUMN oidc_subject VARCHAR(255);
ALTER TABLE account ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE account ADD CONSTRAINT account_oidc_unique UNIQUE (oidc_issuer, oidc_subject);
ALTER TABLE account ADD CONSTRAINT account_password_or_oidc CHECK (
    (password_hash IS NOT NULL AND oidc_issuer IS NULL AND oidc_subject IS NULL)
    OR (password_hash IS NULL AND oidc_issuer IS NOT NULL AND oidc_subject IS NOT NULL));
