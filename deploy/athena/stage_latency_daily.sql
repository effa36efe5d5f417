-- p50 and p95 of each stage's time per day, succeeded stages only (failed ones carry no time),
-- over the last 14 days. "Execution" is end to end, from the execution's start.
-- Run in the stack's telemetry database (output TelemetryDatabaseName); rows are deduplicated
-- on eventid because delivery is at least once (docs/telemetry.md).
WITH unique_events AS (
    SELECT stage, status, elapsedmilliseconds, "timestamp",
           row_number() OVER (PARTITION BY eventid ORDER BY "timestamp") AS copy
    FROM events
    WHERE dt >= cast(current_date - INTERVAL '15' DAY AS varchar)
      -- dt is the arrival day of an object's oldest record: one day wider, then trim (docs/telemetry.md)
      AND from_iso8601_timestamp("timestamp") >= cast(current_date - INTERVAL '14' DAY AS timestamp)
)
SELECT date(from_iso8601_timestamp("timestamp")) AS day,
       stage,
       count(*) AS events,
       round(approx_percentile(elapsedmilliseconds, 0.50), 1) AS p50_ms,
       round(approx_percentile(elapsedmilliseconds, 0.95), 1) AS p95_ms
FROM unique_events
WHERE copy = 1 AND status = 'succeeded' AND elapsedmilliseconds IS NOT NULL
GROUP BY 1, 2
ORDER BY day DESC, stage;
