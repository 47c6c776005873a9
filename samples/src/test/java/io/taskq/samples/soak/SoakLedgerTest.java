package io.taskq.samples.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoakLedgerTest {
  @Test
  void laterRunsOfTheSameNumberAreDuplicates() {
    SoakLedger ledger = new SoakLedger(10);

    ledger.ran(3);
    ledger.ran(3);
    ledger.ran(3);
    ledger.ran(4);

    assertThat(ledger.completed()).isEqualTo(2);
    assertThat(ledger.duplicates()).isEqualTo(2);
  }

  @Test
  void numbersThatNeverRanAreLostAcrossWordBoundaries() {
    SoakLedger ledger = new SoakLedger(200);
    for (long s = 0; s < 150; s++) {
      if (s != 63 && s != 64 && s != 149) {
        ledger.ran(s);
      }
    }

    assertThat(ledger.lost(150)).isEqualTo(3);
    assertThat(ledger.lostSample(150, 10)).containsExactly(63L, 64L, 149L);
    assertThat(ledger.lost(63)).isZero();
  }

  @Test
  void outOfRangeNumbersAreNotCounted() {
    SoakLedger ledger = new SoakLedger(5);

    ledger.ran(5);
    ledger.ran(-1);
    ledger.foreign();

    assertThat(ledger.completed()).isZero();
    assertThat(ledger.foreignRuns()).isEqualTo(3);
  }
}
