package io.windlass.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import io.windlass.cli.support.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * db-scheduler (com.github.kagkarlsson:db-scheduler) on PostgreSQL, configured from its README: lock-and-fetch polling
 * ({@code select ... for update skip locked}, the README's choice above ~1,000 executions/s, with its high-throughput
 * limits 1.0/4.0), 20 threads, a 1 s polling interval, immediate execution on, and a heartbeat so that an execution
 * is dead after the same time as a Windlass lease (heartbeat every TTL/5, 5 missed; defaults: 5 min × 6 = 30 min).
 * STEP is a custom task whose completion reschedules it to now (a recurring task with zero delay, one row per task).
 */
final class DbSchedulerPeer extends PeerScheduler {
    static final Duration POLLING_INTERVAL = Duration.ofSeconds(1);
    static final double LOWER_LIMIT = 1.0;
    static final double UPPER_LIMIT = 4.0;
    static final int MISSED_HEARTBEATS = 5;

    static final CustomTask<Void> STEP = Tasks.custom("step", Void.class).execute((instance, context) -> {
        Recorder.STEPS.increment();
        return (CompletionHandler<Void>) (complete, operations) -> operations.reschedule(complete, Instant.now());
    });
    static final OneTimeTask<Void> IDLE = Tasks.oneTime("idle").execute((instance, context) -> { });
    static final OneTimeTask<Void> HOLD = Tasks.oneTime("hold").execute((instance, context) ->
            Recorder.hold(instance.getId()));

    @Override
    String name() {
        return "db-scheduler";
    }

    @Override
    ObjectNode settings(Duration deadAfter) {
        ObjectNode s = Json.object();
        s.put("polling_strategy", "lock-and-fetch (select for update skip locked), lower " + LOWER_LIMIT + " / upper "
                + UPPER_LIMIT + " x threads (README: 'for high throughput'; default: fetch 0.5/3.0)");
        s.put("threads", THREADS + " per instance (default 10)");
        s.put("polling_interval", POLLING_INTERVAL.toMillis() + " ms (default 10 s; Windlass wakes a due task within "
                + "milliseconds)");
        s.put("immediate_execution", "enabled (default off)");
        s.put("heartbeat_interval", deadAfter.dividedBy(MISSED_HEARTBEATS).toMillis() + " ms, missed heartbeats limit "
                + MISSED_HEARTBEATS + " => dead after " + deadAfter.toMillis() + " ms = the Windlass lease TTL "
                + "(defaults 5 min x 6 = 30 min); dead executions are looked for every 2 heartbeats");
        s.put("connection_pool", "HikariCP, " + (THREADS + 5) + " connections per instance");
        s.put("schema", "the project's postgresql_tables.sql (scheduled_tasks with its three indexes)");
        return s;
    }

    @Override
    void createSchema(PeerDb db) {
        db.execute("""
                drop table if exists scheduled_tasks;
                create table scheduled_tasks (
                  task_name text not null,
                  task_instance text not null,
                  task_data bytea,
                  execution_time timestamp with time zone not null,
                  picked BOOLEAN not null,
                  picked_by text,
                  last_success timestamp with time zone,
                  last_failure timestamp with time zone,
                  consecutive_failures INT,
                  last_heartbeat timestamp with time zone,
                  version BIGINT not null,
                  priority SMALLINT,
                  PRIMARY KEY (task_name, task_instance)
                );
                CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
                CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
                CREATE INDEX priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
                """);
    }

    @Override
    Instance start(String jdbcUrl, String node, int threads, Duration deadAfter) {
        HikariDataSource pool = PeerDb.pool(jdbcUrl, node, threads + 5);
        Scheduler scheduler = Scheduler.create(pool, STEP, IDLE, HOLD)
                .schedulerName(new SchedulerName.Fixed(node))
                .threads(threads)
                .pollUsingLockAndFetch(LOWER_LIMIT, UPPER_LIMIT)
                .pollingInterval(POLLING_INTERVAL)
                .enableImmediateExecution()
                .heartbeatInterval(deadAfter.dividedBy(MISSED_HEARTBEATS))
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .shutdownMaxWait(Duration.ofMillis(500))
                .build();
        scheduler.start();
        return new Instance() {
            @Override
            public void schedule(Work work, int from, int to) {
                Instant at = work == Work.IDLE ? Instant.now().plus(Duration.ofDays(365)) : Instant.now();
                for (int chunk = from; chunk < to; chunk += 1000) {
                    List<TaskInstance<?>> batch = new ArrayList<>();
                    for (int i = chunk; i < Math.min(to, chunk + 1000); i++) {
                        String id = "t-" + i;
                        batch.add(switch (work) {
                            case STEP -> STEP.instance(id);
                            case IDLE -> IDLE.instance(id);
                            case HOLD -> HOLD.instance(id);
                        });
                    }
                    scheduler.scheduleBatch(batch, at);
                }
            }

            @Override
            public void close() {
                scheduler.stop();
                pool.close();
            }
        };
    }

    @Override
    long runningOn(PeerDb db, String node) {
        return db.queryLong("select count(*) from scheduled_tasks where picked and picked_by = '" + node + "'");
    }

    @Override
    long tableBytes(PeerDb db) {
        return db.queryLong("select pg_total_relation_size('scheduled_tasks')");
    }

    @Override
    ObjectNode expresses() {
        ObjectNode e = Json.object();
        e.putNull("pause_resume_running_task");
        e.putNull("commands");
        e.putNull("fenced_ownership");
        ObjectNode notes = e.putObject("notes");
        notes.put("pause_resume_running_task", "no pause: an execution is a row due at a time; a running execution "
                + "cannot be paused or resumed, only its next execution time changed (reschedule) or the row deleted "
                + "(cancel, refused while it is picked)");
        notes.put("commands", "no per-task command channel: a handler sees only its task data; changing the data or "
                + "the time (reschedule) takes effect on the next execution");
        notes.put("fenced_ownership", "ownership is the row's picked/picked_by/version (optimistic locking): an "
                + "execution declared dead (stale heartbeat) is revived and run elsewhere while the first may still "
                + "run; only its final row update is refused by the version check. Nothing fences the task's own "
                + "writes");
        return e;
    }
}
