-- The IANA zone each event takes place in, from event-events: a message and a mailed ticket show its times there and
-- name it. Events announced before events had zones carry none in their facts: they ran in UTC.
alter table event_copies add column time_zone text not null default 'UTC';
