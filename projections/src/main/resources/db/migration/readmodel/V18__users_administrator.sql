-- Administrators are granted by another administrator (AdministratorGranted), never by username.
alter table users add column administrator boolean not null default false;
