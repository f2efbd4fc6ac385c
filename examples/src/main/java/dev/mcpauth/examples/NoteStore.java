package dev.mcpauth.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The notes of the example, kept in memory. Thread-safe. */
public final class NoteStore {
  private final List<String> notes = new ArrayList<>(List.of("Welcome to MCP Auth for Java."));

  /** Every note, oldest first. */
  public synchronized List<String> all() {
    return List.copyOf(notes);
  }

  /** Note number {@code number}, 1 being the oldest; empty when there is no such note. */
  public synchronized Optional<String> get(int number) {
    return number >= 1 && number <= notes.size()
        ? Optional.of(notes.get(number - 1))
        : Optional.empty();
  }

  /** Adds a note; returns how many there are now. */
  public synchronized int add(String note) {
    notes.add(note);
    return notes.size();
  }
}
