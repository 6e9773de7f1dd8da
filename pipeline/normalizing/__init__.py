"""Normalizing: listings merged into documents, their dates, titles and names made analysable."""
