"""The Redis-protocol store: the embedded Valkey server, connections, and the fast pipelined client."""
