-- An erased user keeps a row (the username stays taken) without personal data or a password.
alter table users alter column password_hash drop not null;
alter table users add column erased boolean not null default false;
