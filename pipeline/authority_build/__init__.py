"""The built authority: the sources beside the hand-curated file, merged in order of trust."""
