package dev.maestro.core.runtime;

import dev.maestro.core.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of the keys a replica reconciles when an operator's work is split across replicas: shard {@code index}
 * of {@code count}. A key belongs to shard {@code fnv1a32(key) mod count}, where {@code key} is the UTF-8 of
 * {@code namespace/name} ({@code name} when cluster-scoped) and {@code fnv1a32} the 32-bit FNV-1a hash read as an
 * unsigned number: every replica, and any tool, computes the same owner for a key.
 *
 * <p>A sharded controller still caches every resource it watches (its informers are not split) and hears all their
 * events, but queues only the keys of its shard: the others' are dropped on the way in. Every replica must use the
 * same {@code count}: two replicas with different counts may both own a key. Give each shard a Lease of its own
 * ({@link LeaderElection}) to run standbys per shard.
 *
 * @param index which shard, from 0
 * @param count how many shards the keys are split into
 */
public record Shard(int index, int count) {

  /** Every key: no sharding. */
  public static final Shard ALL = new Shard(0, 1);

  private static final Pattern ORDINAL = Pattern.compile(".*-(\\d{1,9})");

  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException("the shard count must be at least 1: " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("the shard index must be from 0 to " + (count - 1) + ": " + index);
    }
  }

  /** Shard {@code index} of {@code count}. */
  public static Shard of(int index, int count) {
    return new Shard(index, count);
  }

  /**
   * The shard of a StatefulSet's pod: its ordinal (the number after the last dash of {@code podName}, as in
   * {@code my-operator-3}) modulo {@code count}. With {@code count} × k replicas, k replicas share each shard, and
   * a Lease per shard elects the one that reconciles.
   *
   * @throws IllegalArgumentException when {@code podName} does not end in a dash and a number
   */
  public static Shard ofOrdinal(String podName, int count) {
    requirePositive(count);
    Matcher matcher = ORDINAL.matcher(podName);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + podName + "' does not end in '-' and an ordinal, as the pods of a "
          + "StatefulSet do; give the shard index explicitly");
    }
    return new Shard(Integer.parseInt(matcher.group(1)) % count, count);
  }

  /** The shard {@code key} belongs to among {@code count}. */
  public static int indexOf(ResourceKey key, int count) {
    requirePositive(count);
    if (count == 1) {
      return 0;
    }
    int hash = 0x811c9dc5;
    for (byte b : key.toString().getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return Integer.remainderUnsigned(hash, count);
  }

  private static void requirePositive(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("the shard count must be at least 1: " + count);
    }
  }

  /** Whether this replica reconciles {@code key}. */
  public boolean owns(ResourceKey key) {
    return count == 1 || indexOf(key, count) == index;
  }

  /** Whether the keys are split at all. */
  public boolean isSharded() {
    return count > 1;
  }

  /** {@code shard 1 of 3}. */
  @Override
  public String toString() {
    return "shard " + index + " of " + count;
  }
}
