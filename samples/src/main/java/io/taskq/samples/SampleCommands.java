package io.taskq.samples;

import io.taskq.bench.BenchCommand;
import io.taskq.cli.LauncherCommands;
import io.taskq.samples.soak.SoakCommand;
import java.util.List;

/** {@code taskq demo}, {@code taskq soak} and {@code taskq bench}, added to the launcher. */
public final class SampleCommands implements LauncherCommands {
  @Override
  public List<Object> commands() {
    return List.of(new DemoCommand(), new SoakCommand(), new BenchCommand());
  }
}
