package dev.mcpauth.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;

/** A plain Lettuce client that looks at what the stores wrote, from outside. */
final class RedisInspector implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  RedisInspector(String uri) {
    client = RedisClient.create(uri);
    connection = client.connect();
  }

  RedisCommands<String, String> commands() {
    return connection.sync();
  }

  /** Every key, with SCAN (not KEYS). */
  List<String> allKeys() {
    List<String> keys = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = commands().scan(cursor, ScanArgs.Builder.limit(1000));
      keys.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return keys;
  }

  void flushAll() {
    commands().flushall();
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
