-- The IANA zone an event takes place in (SPEC §3.9 shows its times there). start_date and end_date stay instants;
-- the zone only says how to show them. Events made before it existed ran on the UTC the pages showed.
alter table events add column time_zone text not null default 'UTC';
