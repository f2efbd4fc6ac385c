/**
 * Shared state on Redis 7 or Valkey for deployments with several instances: {@link
 * dev.mcpauth.redis.RedisStores} gives the core's {@link dev.mcpauth.SingleUseStore}, {@link
 * dev.mcpauth.ExpiringCache} and {@link dev.mcpauth.SessionStore} over one Lettuce connection.
 */
package dev.mcpauth.redis;
