"""Writing curated/: the tables analysts load, their descriptor and the run report."""
