package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.Backoff;
import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.cli.probe.ProbeRecorder;
import io.taskq.cli.probe.ProbeTasks;
import io.taskq.config.ConfigLoader;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.samples.tasks.AuditEvent;
import io.taskq.samples.tasks.BackupDatabase;
import io.taskq.samples.tasks.ExportCsv;
import io.taskq.samples.tasks.RenderReport;
import io.taskq.samples.tasks.SampleTasks;
import io.taskq.samples.tasks.SendEmail;
import io.taskq.samples.tasks.SlaCheck;
import io.taskq.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sample tasks and probes on the embedded broker, with the sample configuration. */
class SampleTasksTest {
  private final EmbeddedBroker broker = new EmbeddedBroker();
  private final TaskqConfig config = sampleConfig();
  private final TaskClient client = TaskClient.create(broker, config);
  private final ProbeRecorder probes = ProbeRecorder.forUrl(config.redis().withUrl("memory://"));

  @AfterEach
  void tearDown() {
    broker.close();
  }

  /** samples/taskq.yaml, with retry delays of zero so a drained worker sees every retry. */
  private static TaskqConfig sampleConfig() {
    TaskqConfig c = ConfigLoader.create().env(Map.of()).file(Path.of("taskq.yaml")).load();
    for (String q : DemoCommand.QUEUES) {
      var qc = c.queue(q);
      c = c.withQueue(qc.toBuilder().retry(qc.retry().toBuilder()
          .backoff(Backoff.fixed(Duration.ZERO)).build()).build());
    }
    return c;
  }

  private void drain() {
    Worker.builder().broker(broker).config(config).queues(DemoCommand.QUEUES)
        .module(new SampleTasks()).module(new ProbeTasks(probes)).build().runUntilIdle();
  }

  @Test
  void sampleConfigurationDefinesTheSixQueues() {
    assertThat(config.queues()).containsOnlyKeys(DemoCommand.QUEUES);
    assertThat(config.queue("email").retry().maxRetries()).isEqualTo(3);
    assertThat(config.queue("exports").retry().maxRetries()).isEqualTo(2);
    assertThat(config.queue("analytics").retry().maxRetries()).isEqualTo(1);
  }

  @Test
  void everySampleTaskRunsOnItsQueue() {
    List<TaskHandle> handles = List.of(
        client.submit(SendEmail.TASK, new SendEmail("ada@example.com", "Hi", "Hello")),
        client.submit(RenderReport.TASK, new RenderReport("kpi", "pdf")),
        client.submit(ExportCsv.TASK, new ExportCsv("orders", 10)),
        client.submit(SlaCheck.TASK, new SlaCheck(30)),
        client.submit(BackupDatabase.TASK, new BackupDatabase("billing")),
        client.submit(AuditEvent.TASK, new AuditEvent("ada", "login")));

    drain();

    assertThat(handles).extracting(TaskHandle::queue).containsExactlyElementsOf(DemoCommand.QUEUES);
    assertThat(handles).allMatch(h -> client.resultJson(h).isPresent());
    assertThat(client.resultJson(handles.get(2)).orElseThrow()).contains("exports/orders-");
  }

  @Test
  void emailToABadAddressIsDeadWithoutRetries() {
    TaskHandle h = client.submit(SendEmail.TASK, new SendEmail("nobody", "Hi", "Hello"));

    drain();

    assertThat(client.find(h).orElseThrow().state()).isEqualTo(TaskState.DEAD);
    assertThat(client.find(h).orElseThrow().attempts()).hasSize(1);
  }

  @Test
  void probesBehaveAsDocumented() {
    TaskOptions onReports = TaskOptions.builder().queue("reports").build();
    TaskHandle flaky = client.submit(ProbeTasks.FLAKY, new ProbeTasks.Args(0, 2), onReports);
    TaskHandle fail = client.submit(ProbeTasks.FAIL, new ProbeTasks.Args(0, 0), onReports);
    TaskHandle record = client.submit(ProbeTasks.RECORD, new ProbeTasks.Args(5, 0));
    TaskHandle echo = client.submitJson("probe.echo", "{\"a\":[1,2]}", TaskOptions.DEFAULT);

    drain();

    assertThat(probes.runs(flaky.id())).isEqualTo(3);
    assertThat(client.resultJson(flaky)).contains("3");
    assertThat(probes.runs(fail.id())).isEqualTo(4); // reports: 3 retries
    assertThat(client.find(fail).orElseThrow().state()).isEqualTo(TaskState.DEAD);
    assertThat(probes.doneIds()).contains(record.id());
    assertThat(client.resultJson(echo)).contains("{\"a\":[1,2]}");
  }
}
