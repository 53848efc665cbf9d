"""Money: prices, the spend store's Lua scripts, the ledger in Redis, and the budget step of a request."""
