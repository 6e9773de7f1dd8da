"""Prefect flows: thin shells around the plain functions in `pipeline`."""
