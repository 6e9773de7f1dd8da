"""Reading pages: bytes to text, a design to entries, entries to the staging tables."""
