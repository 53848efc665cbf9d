"""HTTP in and out, no policy: reading the request, who is calling, the provider connection, ops routes."""
