-- The statement's per-account mark moves onto the balance row: both are written by the accounts
-- processor in one batch, so the row's last_sequence is also the last event the statement applied,
-- and a deposit updates one row fewer. statement_complete: the statement has every movement of the
-- account since its opening (false for an account opened before account_statement existed, until a
-- replay of accounts).
alter table account_balance add column statement_complete boolean not null default false;

update account_balance b set statement_complete = true
from account_statement_applied a where a.account_id = b.account_id;

drop table account_statement_applied;
