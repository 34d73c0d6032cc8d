-- Several server instances may share one PostgreSQL database. Each must publish the others'
-- events to its own clients, so every statement that writes events notifies, at commit, with
-- one payload per location: the location, its newest `seq` and the writing connection's
-- `application_name` (the server names its connections per instance, so an instance can tell
-- its own events). A rolled-back write notifies nobody. The events themselves are read from
-- this table: a notification carries only where to look.
CREATE FUNCTION onthaal_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('onthaal_events',
        n.location_id::text || ' ' || n.seq::text || ' ' || current_setting('application_name'))
    FROM (SELECT location_id, MAX(seq) AS seq FROM new_events GROUP BY location_id) n;
    RETURN NULL;
END
$$;

CREATE TRIGGER events_notify AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION onthaal_events_notify();
