package io.taskq.samples.soak;

/**
 * The soak's payload: which run submitted it and its sequence number in that run.
 *
 * @param run the run id, so tasks left over from another run are told apart
 * @param seq 0, 1, 2, ... in submission order
 */
public record SoakTask(String run, long seq) {
  @Override
  public String toString() {
    return "SoakTask[" + seq + "]";
  }
}
