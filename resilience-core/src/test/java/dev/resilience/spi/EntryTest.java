package dev.resilience.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Entry}'s hand-written equals and hashCode keep the record's meaning: two entries are equal exactly
 * when every component is. The components are found by reflection, so a component added later without a
 * line in equals fails here.
 */
class EntryTest {
  private static final Entry FILE = new Entry("a/b.txt", EntryType.FILE, 10, Instant.ofEpochSecond(1_700_000_000),
      0644, null, "ab".repeat(32), Map.of("content-type", "text/plain"));
  private static final Entry LINK = Entry.symlink("a/link", "b.txt", Instant.ofEpochSecond(1_700_000_000));

  @Test
  void entriesDifferingInAnyOneComponentAreNotEqual() throws Exception {
    RecordComponent[] components = Entry.class.getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      List<Entry> variants = new ArrayList<>();
      for (Entry base : List.of(FILE, LINK)) {
        Object[] args = args(base);
        for (Object other : others(components[i].getType(), args[i])) {
          Object[] changed = args.clone();
          changed[i] = other;
          Entry variant = construct(changed);
          if (variant != null) {
            variants.add(variant);
            assertThat(variant).as("differs in %s", components[i].getName()).isNotEqualTo(base);
            assertThat(base).as("differs in %s", components[i].getName()).isNotEqualTo(variant);
          }
        }
      }
      assertThat(variants).as("no valid entry differs only in %s", components[i].getName()).isNotEmpty();
    }
  }

  @Test
  void equalEntriesHaveEqualHashCodes() throws Exception {
    for (Entry e : List.of(FILE, LINK)) {
      Entry copy = construct(args(e));
      assertThat(copy).isEqualTo(e).isNotSameAs(e);
      assertThat(copy.hashCode()).isEqualTo(e.hashCode());
    }
    // Attributes compare by content, however they were given.
    assertThat(FILE.withMode(0644)).isEqualTo(FILE);
    assertThat(Entry.file("x", 1, null)).isEqualTo(new Entry("x", EntryType.FILE, 1, null, null, null, null, null));
    assertThat(Entry.file("x", 1, null)).isNotEqualTo(null).isNotEqualTo("x");
  }

  private static Object[] args(Entry e) throws Exception {
    RecordComponent[] components = Entry.class.getRecordComponents();
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      args[i] = components[i].getAccessor().invoke(e);
    }
    return args;
  }

  /** Other values of a component's type than {@code value}. */
  private static List<Object> others(Class<?> type, Object value) {
    List<Object> out = new ArrayList<>();
    if (type == String.class) {
      out.add(value == null ? "cd".repeat(32) : value + "x");
      if (value != null) {
        out.add(null);
      }
    } else if (type == EntryType.class) {
      for (EntryType t : EntryType.values()) {
        if (t != value) {
          out.add(t);
        }
      }
    } else if (type == long.class) {
      out.add((Long) value + 1);
    } else if (type == Instant.class) {
      out.add(value == null ? Instant.EPOCH : ((Instant) value).plusNanos(1));
    } else if (type == Integer.class) {
      out.add(value == null ? 0600 : (Integer) value + 1);
    } else if (type == Map.class) {
      out.add(Map.of("k", "v"));
    } else {
      throw new AssertionError("EntryTest does not know how to vary a " + type + "; extend it (and Entry.equals)");
    }
    return out;
  }

  /** The entry, or null if the constructor refuses the combination (a file with a link target, no path). */
  private static Entry construct(Object[] args) throws Exception {
    Class<?>[] types = new Class<?>[args.length];
    RecordComponent[] components = Entry.class.getRecordComponents();
    for (int i = 0; i < args.length; i++) {
      types[i] = components[i].getType();
    }
    Constructor<Entry> c = Entry.class.getDeclaredConstructor(types);
    try {
      return c.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof NullPointerException) {
        return null;
      }
      throw e;
    }
  }
}
