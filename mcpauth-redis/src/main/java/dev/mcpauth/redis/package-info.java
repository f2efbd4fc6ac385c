/**
 * Shared state on Redis 7 or Valkey for deployments with several instances: {@link
 * dev.mcpauth.redis.RedisStores} is the core's {@link dev.mcpauth.SharedStore} over one Lettuce
 * connection.
 */
package dev.mcpauth.redis;
