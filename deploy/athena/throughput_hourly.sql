-- Finished executions per hour over the last 2 days, split by outcome, with end-to-end p95.
WITH unique_executions AS (
    SELECT status, elapsedmilliseconds, "timestamp",
           row_number() OVER (PARTITION BY eventid ORDER BY "timestamp") AS copy
    FROM events
    WHERE dt >= cast(current_date - INTERVAL '3' DAY AS varchar)
      -- dt is the arrival day of an object's oldest record: one day wider, then trim (docs/telemetry.md)
      AND from_iso8601_timestamp("timestamp") >= cast(current_date - INTERVAL '2' DAY AS timestamp) AND stage = 'Execution'
)
SELECT date_trunc('hour', from_iso8601_timestamp("timestamp")) AS hour,
       count(*) AS executions,
       count_if(status = 'succeeded') AS succeeded,
       count_if(status = 'failed') AS failed,
       round(approx_percentile(elapsedmilliseconds, 0.95), 1) AS end_to_end_p95_ms
FROM unique_executions
WHERE copy = 1
GROUP BY 1
ORDER BY hour DESC;
