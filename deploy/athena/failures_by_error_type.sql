-- Failed stages by errorType over the last 7 days (docs/error-types.md says which are retried).
-- Stage "Unknown" is a failure the state machine caught without naming the stage; the
-- per-execution "Execution" rows repeat each errorType, so they are left out here.
WITH unique_events AS (
    SELECT stage, status, errortype,
           row_number() OVER (PARTITION BY eventid ORDER BY "timestamp") AS copy
    FROM events
    WHERE dt >= cast(current_date - INTERVAL '8' DAY AS varchar)
      -- dt is the arrival day of an object's oldest record: one day wider, then trim (docs/telemetry.md)
      AND from_iso8601_timestamp("timestamp") >= cast(current_date - INTERVAL '7' DAY AS timestamp)
)
SELECT stage,
       coalesce(errortype, '(none)') AS error_type,
       count(*) AS failures
FROM unique_events
WHERE copy = 1 AND status = 'failed' AND stage <> 'Execution'
GROUP BY 1, 2
ORDER BY failures DESC, stage, error_type;
