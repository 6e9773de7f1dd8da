"""Harvesting: polite requests to the archive, kept byte for byte in raw/."""
