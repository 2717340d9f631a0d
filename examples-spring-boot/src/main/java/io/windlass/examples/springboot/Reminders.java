package io.windlass.examples.springboot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.consumer.client.TaskClient;
import java.time.Duration;
import org.springframework.stereotype.Service;

/** The application's own API: schedules reminders through the {@link TaskClient} bean and cancels them. */
@Service
public class Reminders {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private final TaskClient tasks;

    public Reminders(TaskClient tasks) {
        this.tasks = tasks;
    }

    /** Schedules a reminder task; the id makes a retry idempotent. */
    public void schedule(String id, String to, int times, Duration every) {
        tasks.submit(id, "reminder", JSON.valueToTree(new ReminderHandler.Props(to, times, every)));
    }

    /** Cancels it wherever it runs (a kill command, applied by its owner). */
    public void cancel(String id) {
        tasks.command(id, io.windlass.statemachine.Command.kill());
    }
}
