import { databaseRefusal, violatedExclusion } from "@/lib/db/database-refusal";

/** The exclusion constraint that keeps a technician on one job at a time refused the change. */
export const isOneJobAtATime = (error: unknown) => violatedExclusion(error) === "TimeEntry_one_job_at_a_time";

/** The check that a time entry ends after it starts refused the change. */
export const endsBeforeItStarts = (error: unknown) => databaseRefusal(error)?.constraint === "TimeEntry_ends_after_start";
