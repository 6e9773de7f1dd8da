"""archive-pipeline: the Wilson Center Digital Archive's search-result pages turned into clean datasets."""

__version__ = "0.1.0"
