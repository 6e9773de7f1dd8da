"""The data contract: Pandera models of the staging and curated tables.

Rows that fail a check are taken out and reported in curated/rejects.csv with the check that
failed; they never reach curated/.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.dates import PRECISIONS, QUALIFIERS
from pipeline.pages import STATUSES
from pipeline.titles import vocabulary

LAYOUTS = ("current-html", "legacy-html", "current-text", "legacy-text", "record-html")
ROLES = ("sender", "recipient", "via", "participant", "author", "associated", "mentioned")
STAGES = ("read", "parse", "validate")
_ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
_SHA256 = r"^[0-9a-f]{64}$"
_RECORD_PATH = r"^/document/[^/?#\s]+$"


class Listings(pa.DataFrameModel):
    """staging/listings.parquet: one row per result entry, values as written."""

    page_id: Series[str] = pa.Field(str_matches=_SHA256)
    source: Series[str] = pa.Field(str_length={"min_value": 1})
    layout: Series[str] = pa.Field(isin=LAYOUTS)
    position: Series[int] = pa.Field(ge=1)
    date_raw: Series[str] = pa.Field(nullable=True)
    title_raw: Series[str] = pa.Field(nullable=True)
    summary_raw: Series[str] = pa.Field(nullable=True)
    record_url: Series[str] = pa.Field(nullable=True, str_matches=_RECORD_PATH)

    @pa.dataframe_check(name="title_or_summary")
    def has_text(cls, df: pd.DataFrame) -> Series[bool]:
        return df["title_raw"].notna() | df["summary_raw"].notna()

    class Config:
        strict = True
        coerce = True
        unique = ["page_id", "position"]


class Pages(pa.DataFrameModel):
    """staging/pages.parquet: one row per page read."""

    page_id: Series[str] = pa.Field(str_matches=_SHA256)
    source: Series[str] = pa.Field(str_length={"min_value": 1})
    layout: Series[str] = pa.Field(nullable=True, isin=LAYOUTS)
    stated_start: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    stated_end: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    stated_total: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    entries: Series[int] = pa.Field(ge=0)
    status: Series[str] = pa.Field(isin=STATUSES)
    error: Series[str] = pa.Field(nullable=True)
    parser_version: Series[str]

    class Config:
        strict = True
        coerce = True


class Documents(pa.DataFrameModel):
    """curated/documents: one row per archive document."""

    doc_id: Series[str] = pa.Field(unique=True, str_matches=r"^[\w.-]+$")
    record_url: Series[str] = pa.Field(nullable=True, str_matches=_RECORD_PATH)
    title: Series[str] = pa.Field(nullable=True)
    summary: Series[str] = pa.Field(nullable=True)
    date: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")
    date_precision: Series[str] = pa.Field(isin=PRECISIONS)
    date_start: Series[str] = pa.Field(nullable=True, str_matches=_ISO_DAY)
    date_end: Series[str] = pa.Field(nullable=True, str_matches=_ISO_DAY)
    date_edtf: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{3}[\dX](-\d{2}(-\d{2})?)?[~?%]?(/\d{4}(-\d{2}(-\d{2})?)?[~?%]?)?$")
    date_qualifier: Series[str] = pa.Field(nullable=True, isin=QUALIFIERS)
    date_raw: Series[str] = pa.Field(nullable=True)
    doc_type: Series[str] = pa.Field(nullable=True, isin=vocabulary())
    doc_number: Series[str] = pa.Field(nullable=True)
    origin_place: Series[str] = pa.Field(nullable=True)
    senders: Series[str] = pa.Field(nullable=True)
    recipients: Series[str] = pa.Field(nullable=True)
    via: Series[str] = pa.Field(nullable=True)
    participants: Series[str] = pa.Field(nullable=True)
    people: Series[str] = pa.Field(nullable=True)
    n_listings: Series[int] = pa.Field(ge=1)
    sources: Series[str] = pa.Field(str_length={"min_value": 1})
    record_id: Series[str] = pa.Field(nullable=True, str_matches=r"^\d+$")
    record_type: Series[str] = pa.Field(nullable=True)
    source_citation: Series[str] = pa.Field(nullable=True)
    original_archive: Series[str] = pa.Field(nullable=True)
    language: Series[str] = pa.Field(nullable=True)
    original_classification: Series[str] = pa.Field(nullable=True)
    authors: Series[str] = pa.Field(nullable=True)
    associated_people: Series[str] = pa.Field(nullable=True)
    places: Series[str] = pa.Field(nullable=True)
    subjects: Series[str] = pa.Field(nullable=True)
    upload_date: Series[str] = pa.Field(nullable=True, str_matches=_ISO_DAY)

    @pa.dataframe_check(name="title_or_summary")
    def has_text(cls, df: pd.DataFrame) -> Series[bool]:
        return df["title"].notna() | df["summary"].notna()

    @pa.dataframe_check(name="date_matches_precision")
    def precision_fits(cls, df: pd.DataFrame) -> Series[bool]:
        single = {"day": 10, "month": 7, "year": 4}
        first = df["date"].str.split("/").str[0].str.len()
        fits = first == df["date_precision"].map(single)
        interval = df["date_precision"].isin(["season", "decade", "day"]) & df["date"].str.contains("/", regex=False)
        return (fits | interval).fillna(False) | (df["date"].isna() & (df["date_precision"] == "none"))

    @pa.dataframe_check(name="date_range_ordered")
    def range_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        both = df["date_start"].notna() & df["date_end"].notna()
        return ~both | (df["date_start"] <= df["date_end"])

    class Config:
        strict = True
        coerce = True


class People(pa.DataFrameModel):
    """curated/people: the authority file's people and organizations."""

    person_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z0-9_]+$")
    name: Series[str] = pa.Field(str_length={"min_value": 1})
    sort_name: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=("person", "organization"))
    birth_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1000, le=2100)
    death_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1000, le=2100)
    wikidata_id: Series[str] = pa.Field(nullable=True, str_matches=r"^Q\d+$")
    aliases: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(name="life_years_ordered")
    def years_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        both = df["birth_year"].notna() & df["death_year"].notna()
        return (~both | (df["birth_year"] <= df["death_year"])).astype(bool)

    class Config:
        strict = True
        coerce = True


class DocumentPeople(pa.DataFrameModel):
    """curated/document_people: who each document names, in which role."""

    doc_id: Series[str]
    person_id: Series[str] = pa.Field(nullable=True)
    role: Series[str] = pa.Field(isin=ROLES)
    as_written: Series[str] = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = True
        coerce = True


class Rejects(pa.DataFrameModel):
    """curated/rejects: every page or entry not accepted, and why."""

    source: Series[str]
    position: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    stage: Series[str] = pa.Field(isin=STAGES)
    check: Series[str] = pa.Field(str_length={"min_value": 1})
    reason: Series[str] = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = True
        coerce = True


def split_valid(model: type[pa.DataFrameModel], df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate lazily; return (valid rows, failures: one row per failing row with its checks and reason)."""
    try:
        return model.validate(df, lazy=True), _no_failures()
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        row_cases = cases[cases["index"].notna()]
        whole = cases[cases["index"].isna()]
        if not whole.empty:
            # A failure that names no row (a missing column, a wrong dtype) is a bug, not bad input.
            raise
        described = row_cases.assign(
            what=[f"{col or 'row'}: {check} (value {case!r})" for col, check, case in
                  zip(row_cases["column"], row_cases["check"], row_cases["failure_case"])]
        )
        bad = described.groupby("index", sort=True).agg(
            check=("check", lambda c: "; ".join(dict.fromkeys(map(str, c)))),
            reason=("what", lambda w: "; ".join(dict.fromkeys(w))),
        ).reset_index()
        bad["index"] = bad["index"].astype(df.index.dtype)
        valid = model.validate(df.drop(index=bad["index"].unique()), lazy=True)
        return valid, bad


def _no_failures() -> pd.DataFrame:
    return pd.DataFrame(columns=["index", "check", "reason"])
