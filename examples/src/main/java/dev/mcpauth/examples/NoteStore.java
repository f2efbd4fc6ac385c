package dev.mcpauth.examples;

import java.util.ArrayList;
import java.util.List;

/** The notes of the example, kept in memory. Thread-safe. */
public final class NoteStore {
  private final List<String> notes = new ArrayList<>(List.of("Welcome to MCP Auth for Java."));

  /** Every note, oldest first. */
  public synchronized List<String> all() {
    return List.copyOf(notes);
  }

  /** Adds a note; returns how many there are now. */
  public synchronized int add(String note) {
    notes.add(note);
    return notes.size();
  }
}
