package io.windlass.bench;

import static org.quartz.JobBuilder.newJob;
import static org.quartz.SimpleScheduleBuilder.simpleSchedule;
import static org.quartz.TriggerBuilder.newTrigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.quartz.Job;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz (org.quartz-scheduler:quartz) with its clustered JDBC job store on PostgreSQL, configured from Quartz's
 * clustering example (JobStoreTX, PostgreSQLDelegate, isClustered) plus its documented tuning for many short jobs:
 * 20 threads, triggers acquired in batches of up to the thread count ({@code batchTriggerAcquisitionMaxCount}, which
 * needs {@code acquireTriggersWithinLock}), a 1 s idle wait, and a 1 s cluster check-in (the example uses 20 s, the
 * default is 7.5 s; Quartz declares an instance failed 7.5 s after a missed check-in, a fixed grace). The pool is
 * Quartz's own HikariCP provider with threads + 3 connections (Quartz's rule). STEP is a SimpleTrigger repeating
 * every millisecond, so every trigger is always due (a recurring task running back to back).
 */
final class QuartzPeer extends PeerScheduler {
    static final String CLUSTER = "windlass-bench";
    static final long CHECKIN_MS = 1000;
    static final long IDLE_WAIT_MS = 1000;
    /** Quartz's fixed grace after a missed check-in ({@code JobStoreSupport.calcFailedIfAfter}). */
    static final long FAILED_GRACE_MS = 7500;

    @Override
    String name() {
        return "quartz";
    }

    @Override
    ObjectNode settings(Duration deadAfter) {
        ObjectNode s = Json.object();
        s.put("job_store", "JobStoreTX, PostgreSQLDelegate, isClustered=true, tables_postgres.sql from the Quartz jar");
        s.put("threads", THREADS + " per instance (SimpleThreadPool; the clustering example uses 25, default 10)");
        s.put("batch_trigger_acquisition_max_count", THREADS + " (default 1) with acquireTriggersWithinLock=true");
        s.put("idle_wait_time", IDLE_WAIT_MS + " ms (default 30 s)");
        s.put("cluster_checkin_interval", CHECKIN_MS + " ms (default 7.5 s, example 20 s) => failed "
                + "~" + (CHECKIN_MS + FAILED_GRACE_MS) + " ms after the last check-in (fixed 7.5 s grace)");
        s.put("misfire_threshold", "60 s (default)");
        s.put("connection_pool", "Quartz's HikariCP provider, threads + 3 = " + (THREADS + 3) + " connections");
        s.put("recovery", "HOLD jobs have requestsRecovery=true (re-run elsewhere when their instance fails)");
        return s;
    }

    @Override
    void createSchema(PeerDb db) {
        db.execute(PeerDb.resource("org/quartz/impl/jdbcjobstore/tables_postgres.sql"));
    }

    @Override
    Instance start(String jdbcUrl, String node, int threads, Duration deadAfter) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", CLUSTER);
        p.setProperty("org.quartz.scheduler.instanceId", node);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.idleWaitTime", Long.toString(IDLE_WAIT_MS));
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(THREADS));
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(CHECKIN_MS));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        String ds = "ds-" + node; // DBConnectionManager is JVM-wide: one name per instance
        p.setProperty("org.quartz.jobStore.dataSource", ds);
        p.setProperty("org.quartz.dataSource." + ds + ".provider", "hikaricp");
        p.setProperty("org.quartz.dataSource." + ds + ".driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource." + ds + ".URL", jdbcUrl);
        p.setProperty("org.quartz.dataSource." + ds + ".user", "postgres");
        p.setProperty("org.quartz.dataSource." + ds + ".maxConnections", Integer.toString(Math.min(threads, THREADS)
                + 3));
        try {
            Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
            // the JVM-wide repository holds one scheduler per name; three instances of one cluster live in this JVM
            SchedulerRepository.getInstance().remove(CLUSTER);
            scheduler.start();
            return new QuartzInstance(scheduler);
        } catch (SchedulerException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "Quartz instance " + node + " did not start: " + e, e);
        }
    }

    @Override
    long runningOn(PeerDb db, String node) {
        return db.queryLong("select count(*) from qrtz_fired_triggers where instance_name = '" + node
                + "' and state = 'EXECUTING'");
    }

    @Override
    long tableBytes(PeerDb db) {
        return db.queryLong("select coalesce(sum(pg_total_relation_size(oid)), 0) from pg_class where relkind = 'r' "
                + "and relname like 'qrtz_%'");
    }

    @Override
    ObjectNode expresses() {
        ObjectNode e = Json.object();
        e.putNull("pause_resume_running_task");
        e.putNull("commands");
        e.putNull("fenced_ownership");
        ObjectNode notes = e.putObject("notes");
        notes.put("pause_resume_running_task", "pauseJob/resumeJob pause a job's triggers (future firings); a running "
                + "execution cannot be paused, only interrupted if the job implements InterruptableJob");
        notes.put("commands", "no per-task command channel: the JobDataMap is read when a firing starts; changes "
                + "reach the next firing only");
        notes.put("fenced_ownership", "a fired trigger belongs to an instance by name; an instance declared failed "
                + "(check-in late by more than interval + 7.5 s, e.g. a long GC pause) has its recoverable jobs re-run "
                + "elsewhere while it may still be running them; nothing fences its writes");
        return e;
    }

    /** One clustered Quartz scheduler. */
    private record QuartzInstance(Scheduler scheduler) implements Instance {
        @Override
        public void schedule(Work work, int from, int to) {
            Class<? extends Job> type = switch (work) {
                case STEP -> StepJob.class;
                case IDLE -> IdleJob.class;
                case HOLD -> HoldJob.class;
            };
            Date idleAt = new Date(System.currentTimeMillis() + Duration.ofDays(365).toMillis());
            try {
                for (int chunk = from; chunk < to; chunk += 1000) {
                    Map<JobDetail, Set<? extends Trigger>> batch = new LinkedHashMap<>();
                    for (int i = chunk; i < Math.min(to, chunk + 1000); i++) {
                        String id = "t-" + i;
                        JobDetail job = newJob(type).withIdentity(id, work.name()).requestRecovery(work == Work.HOLD)
                                .build();
                        var trigger = newTrigger().withIdentity(id, work.name()).forJob(job);
                        Trigger t = switch (work) {
                            case STEP -> trigger.startNow().withSchedule(simpleSchedule().withIntervalInMilliseconds(1)
                                    .repeatForever()).build();
                            case IDLE -> trigger.startAt(idleAt).build();
                            case HOLD -> trigger.startNow().build();
                        };
                        batch.put(job, Set.of(t));
                    }
                    scheduler.scheduleJobs(batch, false); // one transaction per 1,000 jobs
                }
            } catch (SchedulerException e) {
                throw new WindlassException(ErrorCode.UNAVAILABLE, "Quartz: scheduling failed: " + e, e);
            }
        }

        @Override
        public void close() {
            try {
                scheduler.shutdown(false);
            } catch (SchedulerException e) {
                // closing anyway
            }
        }
    }

    /** STEP: counts. */
    public static final class StepJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            Recorder.STEPS.increment();
        }
    }

    /** IDLE: never due. */
    public static final class IdleJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }

    /** HOLD: blocks in the holding JVM, records the time since the kill elsewhere. */
    public static final class HoldJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            Recorder.hold(context.getJobDetail().getKey().getName());
        }
    }
}
