package dev.keyceremony.ceremony;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Collects journal entries in memory (unit tests only). */
final class FakeJournal implements Journal {
  record Entry(String type, String actor, Map<String, Object> data) {}

  final List<Entry> entries = new ArrayList<>();

  @Override
  public long record(String type, String actor, Map<String, Object> data) {
    entries.add(new Entry(type, actor, data));
    return entries.size();
  }

  List<String> types() {
    return entries.stream().map(Entry::type).collect(Collectors.toList());
  }

  Entry last(String type) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).type().equals(type)) {
        return entries.get(i);
      }
    }
    throw new AssertionError("no entry " + type + " in " + types());
  }
}
