-- Rate budgets shared by every process of the server (issue 14).
--
-- A budget (an API account's rate limit, e.g. a HubSpot portal's) is one row:
-- the generic cell rate algorithm with no burst, so that requests of the budget
-- are never closer than its spacing, whichever worker sends them and however a
-- rolling window counts them, and a daily quota counted per UTC day.
-- next_slot: the earliest moment the next request may go (GCRA's theoretical
-- arrival time). A process reserves a few slots at once and spends them
-- itself, so that a request does not cost a round trip to the database.

CREATE TABLE rate_budgets (
    name        text PRIMARY KEY,
    next_slot   timestamptz NOT NULL,
    day         date NOT NULL,
    used_today  bigint NOT NULL DEFAULT 0
);

-- Reserves up to wanted slots spacing seconds apart, from the first free one on;
-- with a daily quota (> 0) no more than are left of it today. Answers how many it
-- granted, the wait (seconds) until the first of them, and the day's use since.
-- The row is locked from the reading to the writing, so that two processes never
-- get the same slot.
CREATE FUNCTION reserve_rate_budget(budget text, spacing double precision, wanted integer, daily_quota bigint,
    OUT granted integer, OUT wait_seconds double precision, OUT used_today bigint)
LANGUAGE plpgsql AS $$
DECLARE
    held rate_budgets%ROWTYPE;
    at timestamptz;
    today date;
    used bigint;
    first timestamptz;
BEGIN
    INSERT INTO rate_budgets (name, next_slot, day) VALUES (budget, clock_timestamp(), (clock_timestamp() AT TIME ZONE 'UTC')::date)
        ON CONFLICT (name) DO NOTHING;
    SELECT * INTO held FROM rate_budgets b WHERE b.name = budget FOR UPDATE;
    at := clock_timestamp();  -- after the lock: waiting for it took time
    today := (at AT TIME ZONE 'UTC')::date;
    used := CASE WHEN held.day = today THEN held.used_today ELSE 0 END;
    granted := CASE WHEN daily_quota > 0 THEN greatest(0, least(wanted::bigint, daily_quota - used))::integer ELSE wanted END;
    first := greatest(held.next_slot, at);
    UPDATE rate_budgets b SET next_slot = first + granted * spacing * interval '1 second', day = today, used_today = used + granted
        WHERE b.name = budget;
    wait_seconds := extract(epoch FROM first - at);
    used_today := used + granted;
END
$$;
