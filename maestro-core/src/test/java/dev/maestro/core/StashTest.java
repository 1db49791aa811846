package dev.maestro.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StashTest {

  private static final StashKey<String> IMAGE = StashKey.of("image", String.class);

  @Test
  void requireReturnsTheStoredValue() {
    Stash stash = new Stash();
    stash.put(IMAGE, "nginx:1.27");

    assertThat(stash.require(IMAGE)).isEqualTo("nginx:1.27");
  }

  @Test
  void requireOfAMissingValueFailsNamingTheKey() {
    Stash stash = new Stash();

    assertThatThrownBy(() -> stash.require(IMAGE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'image'");
  }

  @Test
  void getOfAMissingValueIsEmpty() {
    assertThat(new Stash().get(IMAGE)).isEmpty();
  }

  @Test
  void removedValueIsGone() {
    Stash stash = new Stash();
    stash.put(IMAGE, "nginx:1.27");

    stash.remove(IMAGE);

    assertThat(stash.get(IMAGE)).isEmpty();
  }
}
