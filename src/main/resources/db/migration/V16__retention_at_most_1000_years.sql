-- A memory type's retention period is at most 1000 years of 365.25 days (RetentionPeriod.MAX_SECONDS). Longer ones
-- (up to P99999999999D) used to be accepted, and the cleanup's and the health check's "now - retention" then left
-- PostgreSQL's timestamp range: GET /v1/health/memory answered 500 and every cleanup of the tenant failed. A longer
-- period stored before is cut to the maximum (for any memory the same as no limit), and the table refuses longer ones.
update memory_type set retention_seconds = 31557600000 where retention_seconds > 31557600000;
alter table memory_type add constraint memory_type_retention_at_most_1000_years
    check (retention_seconds <= 31557600000);
