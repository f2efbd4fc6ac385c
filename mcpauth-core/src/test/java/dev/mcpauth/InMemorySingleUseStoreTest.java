package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory replay store: single use, a hard cap, and a share per proof key (#24 item 14). */
class InMemorySingleUseStoreTest {
  private final MutableClock clock = MutableClock.atSystemTime();
  private final InMemorySingleUseStore store = new InMemorySingleUseStore(10, 3, clock);

  private Instant horizon() {
    return clock.instant().plus(Duration.ofMinutes(10));
  }

  @Test
  void firstUseWhenAKeyComesBackThenItIsARepeat() {
    assertThat(store.firstUse("jkt-a", "k1", horizon())).isTrue();
    assertThat(store.firstUse("jkt-a", "k1", horizon())).isFalse();
    assertThat(store.firstUse("k1", horizon())).isFalse();
  }

  @Test
  void firstUseWhenOnePartitionHoldsItsShareThenOnlyThatPartitionIsRefused() {
    for (int i = 0; i < 3; i++) {
      assertThat(store.firstUse("jkt-a", "a" + i, horizon())).isTrue();
    }
    assertThatThrownBy(() -> store.firstUse("jkt-a", "a3", horizon()))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("share");
    assertThat(store.firstUse("jkt-a", "a0", horizon()))
        .as("a replay is still recognised as one")
        .isFalse();
    assertThat(store.firstUse("jkt-b", "b0", horizon())).isTrue();
    assertThat(store.size()).isEqualTo(4);
  }

  @Test
  void firstUseWhenThePartitionsEntriesExpireThenItHasRoomAgain() {
    for (int i = 0; i < 3; i++) {
      store.firstUse("jkt-a", "a" + i, horizon());
    }
    clock.advance(Duration.ofMinutes(10).plusMillis(1));
    assertThat(store.firstUse("jkt-a", "a3", horizon())).isTrue();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void firstUseWhenTheWholeStoreIsFullThenEveryNewKeyIsRefused() {
    InMemorySingleUseStore tiny = new InMemorySingleUseStore(4, 3, clock);
    tiny.firstUse("jkt-a", "a0", horizon());
    tiny.firstUse("jkt-a", "a1", horizon());
    tiny.firstUse("jkt-b", "b0", horizon());
    tiny.firstUse("jkt-c", "c0", horizon());
    assertThatThrownBy(() -> tiny.firstUse("jkt-d", "d0", horizon()))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessage("the in-memory single-use store is full");
  }
}
