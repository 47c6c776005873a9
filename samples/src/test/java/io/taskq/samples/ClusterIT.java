package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.redis.RedisKeys;
import io.taskq.test.redis.RedisClusterExtension;
import io.taskq.test.redis.RedisServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The product on a local Redis Cluster of 3 primaries and 3 replicas, given as a seed list. */
class ClusterIT extends TopologyContract {
  @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();
  private final List<RedisServer> killed = new ArrayList<>();

  @Override
  protected String url() {
    return CLUSTER.url();
  }

  @Override
  protected void killPrimaryOf(String queue) {
    RedisServer primary = CLUSTER.cluster().primaryOf(RedisKeys.of(queue).tasks());
    killed.add(primary);
    primary.kill();
  }

  @Override
  protected boolean failedOver(String queue) {
    try {
      return !killed.contains(CLUSTER.cluster().primaryOf(RedisKeys.of(queue).tasks()));
    } catch (IllegalStateException e) {
      return false; // no primary serves the slot yet
    }
  }

  @Override
  protected void heal() {
    killed.forEach(RedisServer::startProcess); // its nodes file makes it rejoin as a replica
    killed.clear();
    CLUSTER.cluster().awaitHealthy();
  }

  @Override
  protected String topology() {
    return "cluster";
  }

  @Test
  void aShardedQueueSpreadsOverThePrimariesAndTheCliTreatsItAsOne() throws Exception {
    Files.writeString(dir.resolve("taskq.yaml"),
        "queues:\n  \"*\": {}\n  hot: { shards: 4 }\n");
    // by the linearity of CRC16, q#0..q#3 fall in four different quarters of the slots for any
    // name q, so they cover the three primaries of an evenly split cluster (q#0..q#2 only half
    // the time: see docs/scaling.md)
    Set<RedisServer> primaries = new HashSet<>();
    Set<Integer> slots = new HashSet<>();
    for (int s = 0; s < 4; s++) {
      primaries.add(CLUSTER.cluster().primaryOf(RedisKeys.of("hot#" + s).tasks()));
      slots.add(io.lettuce.core.cluster.SlotHash.getSlot(RedisKeys.of("hot#" + s).tasks()));
    }
    assertThat(slots).as("hot#0..hot#3 hash to four slots").hasSize(4);
    assertThat(primaries).as("hot#0..hot#3 are served by every primary").hasSize(3);

    run("call", "probe.noop", "-Q", "hot", "--count", "30");
    run("call", "probe.noop", "-Q", "hot", "--count", "3", "--shard-key", "customer-7");

    ObjectMapper json = new ObjectMapper();
    JsonNode stats = json.readTree(run("inspect", "stats", "--json").stdout()).get("queues");
    assertThat(stats.get("hot").get("pending").asLong()).isEqualTo(33);
    assertThat(stats.has("hot#0")).as("shards are not listed as queues").isFalse();
    run("worker", "-Q", "hot", "--drain");
    stats = json.readTree(run("inspect", "stats", "--json").stdout()).get("queues");
    assertThat(stats.get("hot").get("pending").asLong()).isZero();
    assertThat(stats.get("hot").get("processed").asLong()).isEqualTo(33);

    run("call", "probe.noop", "-Q", "hot", "--count", "6");
    assertThat(run("purge", "-Q", "hot", "--state", "pending", "--force").stdout())
        .contains("purged 6 ");
    stats = json.readTree(run("inspect", "stats", "--json").stdout()).get("queues");
    assertThat(stats.get("hot").get("pending").asLong()).isZero();
  }
}
