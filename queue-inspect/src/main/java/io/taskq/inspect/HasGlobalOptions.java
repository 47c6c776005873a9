package io.taskq.inspect;

/** A command carrying {@code --redis}/{@code --config}, which its subcommands inherit. */
public interface HasGlobalOptions {
  GlobalOptions global();
}
