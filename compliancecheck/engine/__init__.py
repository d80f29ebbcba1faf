"""The engine: every rule evaluated once over all units' rows, and a pack's own rule cases run the same way."""
