package io.taskq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuTimeTest {
  @Test
  void addsSystemAndUserCpuOfAnInfoReply() {
    String info = "# CPU\r\nused_cpu_sys:1.250000\r\nused_cpu_user:0.500000\r\n"
        + "used_cpu_sys_children:9.000000\r\nused_cpu_user_children:9.000000\r\n";

    assertThat(CpuTime.redisSeconds(info)).isEqualTo(1.75);
  }

  @Test
  void isNotANumberWithoutTheFields() {
    assertThat(CpuTime.redisSeconds("# CPU\r\n")).isNaN();
  }
}
