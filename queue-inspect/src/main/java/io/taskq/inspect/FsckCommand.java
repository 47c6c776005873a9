package io.taskq.inspect;

import io.taskq.FsckReport;
import io.taskq.config.Units;
import io.taskq.internal.QueueProblems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code taskq fsck}: finds (and with {@code --repair} fixes) inconsistent task records. */
@Command(name = "fsck", mixinStandardHelpOptions = true,
    description = "Finds ids without payload, payloads in no state, active tasks whose lease"
        + " expired long ago with no live worker, ids in pending twice, and infinite due times,"
        + " deadlines or expiries. Exit 0 clean or all repaired, 1 found.")
public final class FsckCommand extends ConnectedCommand {
  @Option(names = {"-Q", "--queue"}, split = ",", paramLabel = "QUEUE",
      description = "queues (default: all)")
  @Nullable List<String> queues;

  @Option(names = "--repair", description = "fix what is found (each id re-checked first)")
  boolean repair;

  @Option(names = "--stale-after", paramLabel = "DURATION", defaultValue = "5m",
      description = "an active task is stale when its lease expired this long ago (default 5m)")
  String staleAfter;

  @Option(names = "--json", description = "one JSON array of per-queue reports")
  boolean json;

  /** A queue's report in {@code --json}: lists of ids end in {@code Ids}. */
  record FsckView(String queue, List<String> danglingIds, List<String> orphanIds,
      List<String> staleActiveIds, int found, long repaired) {
    static FsckView of(FsckReport r) {
      return new FsckView(r.queue(), r.danglingIds(), r.orphanIds(), r.staleActive(), r.found(),
          r.repaired());
    }
  }

  @Override
  public Integer call() throws Exception {
    Duration stale;
    try {
      stale = Units.duration(staleAfter);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--stale-after: " + e.getMessage());
    }
    return withInspector(oneShotConfig(), (inspector, broker) -> {
      List<FsckReport> reports = new ArrayList<>();
      int unchecked = 0;
      for (String q : queues == null ? List.copyOf(inspector.queues()) : queues) {
        try {
          reports.add(inspector.fsck(q, stale, repair));
        } catch (io.taskq.BrokerUnavailableException e) {
          throw e;
        } catch (io.taskq.TaskqException e) { // a broken queue: name why, check the others
          QueueProblems.of(broker, q, e).forEach(p -> spec.commandLine().getErr()
              .println("queue " + q + ": not checked: " + p));
          unchecked++;
        }
      }
      int found = reports.stream().mapToInt(FsckReport::found).sum() + unchecked;
      long repaired = reports.stream().mapToLong(FsckReport::repaired).sum();
      if (json) {
        Output.json(out(), reports.stream().map(FsckView::of).toList());
      } else {
        for (FsckReport r : reports) {
          out().println(r.queue() + ": " + r.danglingIds().size() + " id(s) without payload, "
              + r.orphanIds().size() + " payload(s) in no state, " + r.staleActive().size()
              + " stale active task(s), " + r.duplicateIds().size() + " duplicate id(s) in"
              + " pending, " + r.badScores().size() + " time(s) that are no real time"
              + (repair ? ", " + r.repaired() + " repaired" : ""));
        }
        out().println(found == 0 ? "clean" : repair ? "repaired " + repaired + " of " + found
            : "found " + found + " problem(s); run with --repair to fix them");
        out().flush();
      }
      return found == 0 || (repair && repaired >= found) ? ExitCodes.OK : ExitCodes.FAILED;
    });
  }
}
