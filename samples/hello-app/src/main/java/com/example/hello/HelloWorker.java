package com.example.hello;

import io.taskq.config.ConfigLoader;
import io.taskq.config.TaskqConfig;
import io.taskq.worker.Worker;

/** A worker embedded in the application: runs queue hello until SIGTERM or Ctrl-C (exit 0). */
public final class HelloWorker {
  public static void main(String[] args) throws InterruptedException {
    TaskqConfig config = ConfigLoader.create().load();
    try (Worker worker = Worker.builder().config(config).module(new HelloTasks()).build()) {
      worker.closeOnShutdown().start();
      worker.awaitTermination();
    }
  }
}
