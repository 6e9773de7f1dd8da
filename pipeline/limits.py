"""The bounds on what one page may cost. A page beyond one is rejected, saying which, and the run goes on.

Real pages of the archive are far inside them: a search page is 60-300 KB with 10 to 50 results nested about 20
elements deep; a document page is under 200 KB. The bounds keep the work on a hostile page linear and small, so
no page can stop or stall a run (tests/hostile.py builds pages beyond each).
"""

# Bytes of one page file. Checked before it is read: a 20 MB search page would be a hundred times a real one.
MAX_PAGE_BYTES = 20 * 1024 * 1024
# Result items on one page: the archive lists at most 50 a page.
MAX_RESULTS = 1_000
# How deep elements nest. Reading results walks each text's ancestors, so deep nesting costs depth × size.
MAX_DEPTH = 256
# The largest count a page may state ("1 - 10 of N"): the archive holds about 16,000 documents.
MAX_COUNT = 10_000_000
# Characters of one result's title and summary: real titles run to about 500, summaries to a few thousand. Longer
# text is not a title or summary but markup gone wrong (and would pass the field limits of common CSV readers).
MAX_TITLE_CHARS = 2_000
MAX_SUMMARY_CHARS = 100_000
