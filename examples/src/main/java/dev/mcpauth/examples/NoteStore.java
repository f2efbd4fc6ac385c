package dev.mcpauth.examples;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The notes of the example, kept in memory, and an audit log of the tool calls. Note 1 is public;
 * the demo seeds note 2 as private (reading it needs {@code read:private-notes}); notes added later
 * are public. Thread-safe.
 */
public final class NoteStore {
  /** The first note: public. */
  public static final String WELCOME = "Welcome to MCP Auth for Java.";

  /** The second note: private. */
  public static final String PRIVATE_NOTE = "Private: the launch date is not public yet.";

  /** Audit entries kept at most. */
  static final int AUDIT_ENTRIES = 100;

  private static final int SEEDED = 2;

  private record Note(String text, boolean isPrivate) {}

  private final List<Note> notes =
      new ArrayList<>(List.of(new Note(WELCOME, false), new Note(PRIVATE_NOTE, true)));
  private final Deque<Map<String, String>> audit = new ArrayDeque<>();

  /** Every note, oldest first (private ones included). */
  public synchronized List<String> all() {
    return notes.stream().map(Note::text).toList();
  }

  /** The public notes, oldest first. */
  public synchronized List<String> publicNotes() {
    return notes.stream().filter(n -> !n.isPrivate()).map(Note::text).toList();
  }

  /** Note number {@code number}, 1 being the oldest; empty when there is no such note. */
  public synchronized Optional<String> get(int number) {
    return number >= 1 && number <= notes.size()
        ? Optional.of(notes.get(number - 1).text())
        : Optional.empty();
  }

  /**
   * A note number as written in a URI or a tool's string argument: {@link Integer#parseInt}, the
   * one parser behind both the authorization rule and the handlers, so the two always agree on
   * which note a request names.
   */
  public static Optional<Integer> number(String text) {
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code id} (as the gate reads an argument or a template variable) names an existing
   * private note. A request naming no note at all needs no more than a public one: the handler
   * answers it with an error.
   */
  public synchronized boolean isPrivate(String id) {
    return number(id)
        .filter(n -> n >= 1 && n <= notes.size() && notes.get(n - 1).isPrivate())
        .isPresent();
  }

  /** Whether any note is private. */
  public synchronized boolean hasPrivateNotes() {
    return notes.stream().anyMatch(Note::isPrivate);
  }

  /** Adds a public note; returns how many there are now. */
  public synchronized int add(String note) {
    notes.add(new Note(note, false));
    return notes.size();
  }

  /** Deletes the notes added since the start (the seeded ones stay); returns how many. */
  public synchronized int purge() {
    int purged = notes.size() - SEEDED;
    notes.subList(SEEDED, notes.size()).clear();
    return purged;
  }

  /** Records a tool call in the audit log (the newest {@value #AUDIT_ENTRIES} are kept). */
  public synchronized void audit(String tool, String subject) {
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put("tool", tool);
    entry.put("subject", subject);
    entry.put("at", Instant.now().toString());
    audit.addLast(Map.copyOf(entry));
    while (audit.size() > AUDIT_ENTRIES) {
      audit.removeFirst();
    }
  }

  /** The audit log, oldest first. */
  public synchronized List<Map<String, String>> auditLog() {
    return List.copyOf(audit);
  }
}
