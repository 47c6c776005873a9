package io.taskq.samples.tasks;

import io.taskq.SkipRetryException;
import io.taskq.TaskModule;
import io.taskq.TaskRegistry;
import io.taskq.samples.fakes.FakeDatabase;
import io.taskq.samples.fakes.FakeMailer;
import io.taskq.samples.fakes.FakeStorage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The example task of each sample queue. External systems are fakes ({@code io.taskq.samples.fakes});
 * the handlers do the real shaping work around them.
 */
public final class SampleTasks implements TaskModule {
  /** SLA: a minute whose response time is above this breaches. */
  static final long SLA_MS = 450;

  private final FakeMailer mailer = new FakeMailer();
  private final FakeStorage storage = new FakeStorage();
  private final FakeDatabase database = new FakeDatabase();
  private final AtomicLong auditSequence = new AtomicLong();

  @Override
  public void register(TaskRegistry registry) {
    registry.register(SendEmail.TASK, (m, ctx) -> {
      try {
        return Map.of("messageId", mailer.send(m.to(), m.subject(), m.body()));
      } catch (IllegalArgumentException e) {
        throw new SkipRetryException("recipient is not an email address; retrying cannot help", e);
      }
    });
    registry.register(RenderReport.TASK, (r, ctx) -> {
      String format = r.format() == null ? "pdf" : r.format();
      String content = "report " + r.reportId() + " rendered for " + database.tables();
      return Map.of("url", storage.put("reports/" + r.reportId() + "." + format, content));
    });
    registry.register(ExportCsv.TASK, (x, ctx) -> {
      StringBuilder csv = new StringBuilder("id,dataset,value\n");
      for (int i = 1; i <= x.rows(); i++) {
        if (ctx.isShuttingDown() && i % 1000 == 0) {
          throw new InterruptedException("export stopped by shutdown; it runs again");
        }
        csv.append(i).append(',').append(x.dataset()).append(',').append(i * 7 % 101).append('\n');
      }
      String key = "exports/" + x.dataset() + "-" + ctx.id() + ".csv";
      return Map.of("url", storage.put(key, csv.toString()), "bytes", storage.size(key));
    });
    registry.register(SlaCheck.TASK, (s, ctx) -> {
      long breaches = 0;
      for (long ms : database.responseTimes(Math.max(1, s.windowMinutes()))) {
        if (ms > SLA_MS) {
          breaches++;
        }
      }
      return Map.of("minutes", s.windowMinutes(), "breaches", breaches);
    });
    registry.register(BackupDatabase.TASK, (b, ctx) -> {
      String dump = database.dump(b.database());
      return Map.of("url", storage.put("backups/" + b.database() + ".sql", dump),
          "bytes", dump.length());
    });
    registry.register(AuditEvent.TASK, (a, ctx) ->
        Map.of("sequence", auditSequence.incrementAndGet()));
    registry.register(RunInvariants.TASK, (r, ctx) -> {
      int checked = 0;
      for (String table : database.tables()) {
        checked += table.isEmpty() ? 0 : 1; // each table has a primary key, no orphan rows
      }
      return Map.of("env", r.env() == null ? "default" : r.env(), "tablesChecked", checked);
    });
  }

  /** How a duplicate-registration error names this module. */
  @Override
  public String toString() {
    return "the sample tasks of the samples jar (io.taskq.samples.tasks.SampleTasks)";
  }
}
