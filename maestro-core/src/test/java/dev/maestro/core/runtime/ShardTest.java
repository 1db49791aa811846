package dev.maestro.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maestro.core.ResourceKey;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {

  @Test
  void keyBelongsToItsFnv1aHashModuloTheCount() {
    // FNV-1a (32 bit) test vectors: "a" hashes to 0xe40c292c, "foobar" to 0xbf9cf968, both read unsigned
    assertThat(Shard.indexOf(new ResourceKey(null, "a"), 1000)).isEqualTo((int) (0xe40c292cL % 1000));
    assertThat(Shard.indexOf(new ResourceKey(null, "foobar"), 7)).isEqualTo((int) (0xbf9cf968L % 7));
    // namespaced keys hash "namespace/name": 1062745409 for "default/hello"
    assertThat(Shard.indexOf(new ResourceKey("default", "hello"), 3)).isEqualTo(2);
    assertThat(Shard.of(2, 3).owns(new ResourceKey("default", "hello"))).isTrue();
    assertThat(Shard.of(0, 3).owns(new ResourceKey("default", "hello"))).isFalse();
  }

  @Test
  void everyKeyHasExactlyOneOwnerAndTheShardsShareTheKeysEvenly() {
    int count = 4;
    int[] owned = new int[count];
    IntStream.range(0, 10_000).mapToObj(i -> new ResourceKey("ns" + (i % 10), "greeting-" + i)).forEach(key -> {
      int owners = 0;
      for (int index = 0; index < count; index++) {
        if (Shard.of(index, count).owns(key)) {
          owned[index]++;
          owners++;
        }
      }
      assertThat(owners).as("owners of %s", key).isEqualTo(1);
    });
    assertThat(IntStream.of(owned).boxed().toList()).allSatisfy(keys -> assertThat(keys).isBetween(2_300, 2_700));
  }

  @Test
  void allOwnsEveryKey() {
    assertThat(Shard.ALL.owns(new ResourceKey("any", "thing"))).isTrue();
    assertThat(Shard.ALL.isSharded()).isFalse();
    assertThat(Shard.of(1, 2).isSharded()).isTrue();
    assertThat(Shard.of(1, 3)).hasToString("shard 1 of 3");
  }

  @Test
  void statefulSetOrdinalModuloTheCountNamesTheShard() {
    assertThat(Shard.ofOrdinal("my-operator-0", 2)).isEqualTo(Shard.of(0, 2));
    assertThat(Shard.ofOrdinal("my-operator-3", 2)).isEqualTo(Shard.of(1, 2));
    assertThat(Shard.ofOrdinal("op-12", 5)).isEqualTo(Shard.of(2, 5));
    assertThatThrownBy(() -> Shard.ofOrdinal("my-operator-7d9f8-x2x4q", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give the shard index");
    assertThatThrownBy(() -> Shard.ofOrdinal("operator", 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void indexMustLieWithinTheCount() {
    assertThatThrownBy(() -> Shard.of(0, 0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Shard.of(2, 2)).hasMessageContaining("from 0 to 1");
    assertThatThrownBy(() -> Shard.of(-1, 2)).hasMessageContaining("from 0 to 1");
    assertThatThrownBy(() -> Shard.ofOrdinal("op-1", 0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Shard.indexOf(new ResourceKey("a", "b"), -2)).hasMessageContaining("at least 1");
  }
}
