package io.taskq.samples.fakes;

import java.util.List;

/** FAKE: stands in for a production database: its tables, SLA timings and dumps. */
public final class FakeDatabase {
  private static final List<String> TABLES = List.of("users", "orders", "invoices", "events");

  public List<String> tables() {
    return TABLES;
  }

  /** A dump of the database as text (what pg_dump would stream). */
  public String dump(String database) {
    StringBuilder sql = new StringBuilder("-- dump of ").append(database).append('\n');
    for (String t : TABLES) {
      sql.append("CREATE TABLE ").append(t).append(" (id bigint primary key);\n");
    }
    return sql.toString();
  }

  /** Response times of the last {@code minutes}, in ms, one per minute. */
  public long[] responseTimes(int minutes) {
    long[] ms = new long[minutes];
    for (int i = 0; i < minutes; i++) {
      ms[i] = 120 + (i * 37L % 400);
    }
    return ms;
  }
}
