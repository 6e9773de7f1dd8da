"""One module per page design of the archive: each recognizes its pages and extracts their entries."""
