-- The 20 slowest succeeded executions of the last 7 days with their per-stage times.
-- Studies are shown by execution name and modality only. StartStudy names executions after the
-- submission (sub-<digest of the sidecar's version>): no uploader-chosen string reaches it. The
-- study UID stays out of the result (it can identify a patient's visit).
-- The study's stored result is results/<executionName>.json for whoever may look it up.
WITH unique_events AS (
    SELECT executionname, modality, stage, status, elapsedmilliseconds,
           row_number() OVER (PARTITION BY eventid ORDER BY "timestamp") AS copy
    FROM events
    WHERE dt >= cast(current_date - INTERVAL '8' DAY AS varchar)
      -- dt is the arrival day of an object's oldest record: one day wider, then trim (docs/telemetry.md)
      AND from_iso8601_timestamp("timestamp") >= cast(current_date - INTERVAL '7' DAY AS timestamp) AND status = 'succeeded'
)
SELECT executionname,
       arbitrary(modality) AS modality,
       max(CASE WHEN stage = 'Execution' THEN elapsedmilliseconds END) AS end_to_end_ms,
       max(CASE WHEN stage = 'ValidateMetadata' THEN elapsedmilliseconds END) AS validate_ms,
       max(CASE WHEN stage = 'PrepareTensors' THEN elapsedmilliseconds END) AS prepare_ms,
       max(CASE WHEN stage = 'RunInference' THEN elapsedmilliseconds END) AS inference_ms,
       max(CASE WHEN stage = 'StoreResults' THEN elapsedmilliseconds END) AS store_ms
FROM unique_events
WHERE copy = 1
GROUP BY executionname
HAVING max(CASE WHEN stage = 'Execution' THEN elapsedmilliseconds END) IS NOT NULL
ORDER BY end_to_end_ms DESC
LIMIT 20;
