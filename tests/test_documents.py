"""The seeds end to end without Prefect: listings merged into documents, normalized and resolved."""

import pytest

from conftest import FILES, with_bytes
from pipeline.normalizing import batches
from pipeline.reading import staging
from pipeline.raw import RawPage, page_id

SEEDS = ["000_4c535edfbda7ab4e.txt", "003_3c916fb4df2701cb.txt"]
SEED_DIR = FILES / "current-text"  # the sample copies of the two seeds
CURRENT_HTML_DIR = FILES / "current-html"


def source(folder, name):
    """A saved page's source, as raw.inventory names it: "<folder name>/<file>"."""
    return f"{folder.name}/{name}"


def pages_of(folder, names):
    return [RawPage(source(folder, n), folder / n, page_id((folder / n).read_bytes())) for n in names]


def build(names, authority):
    return batches.build(staging.parse_pages(with_bytes(pages_of(SEED_DIR, names))), authority)


@pytest.fixture(scope="module")
def seeds(authority):
    return build(SEEDS, authority)


def doc(result, title_start):
    rows = result.documents[result.documents["title"].fillna("").str.startswith(title_start)]
    assert len(rows) == 1, title_start
    return rows.iloc[0]


def test_seeds_give_19_documents_from_20_entries(seeds):
    assert (seeds.counts["entries"], seeds.counts["documents"]) == (20, 19)


def test_politburo_decision_listed_twice_is_one_row_with_its_title(seeds):
    row = doc(seeds, "CC Politburo decision with approved message from Stalin")
    assert (row["date"], row["n_listings"], row["sources"]) == (
        "1951-08-28", 2, "; ".join(source(SEED_DIR, n) for n in SEEDS))


def test_documents_with_the_same_date_are_not_merged(seeds):
    assert (seeds.documents["date"] == "1951-06-30").sum() == 3


@pytest.mark.parametrize(
    "field, expected",
    [("date", "1951-06-13"), ("date_precision", "day"), ("date_start", "1951-06-13"), ("date_end", "1951-06-13"),
     ("doc_type", "Ciphered Telegram"), ("doc_number", "3557"), ("senders", "Joseph Stalin"),
     ("recipients", "N. V. Roshchin"), ("via", None), ("origin_place", None)],
)
def test_telegram_3557(seeds, field, expected):
    value = doc(seeds, "Ciphered Telegram No. 3557,")[field]
    assert (None if value != value else value) == expected  # NaN reads as missing


@pytest.mark.parametrize(
    "field, expected",
    [("origin_place", "Beijing"), ("senders", "Mao Zedong"), ("recipients", "Joseph Stalin"), ("doc_number", "21336")],
)
def test_telegram_21336(seeds, field, expected):
    assert doc(seeds, "Ciphered Telegram No. 21336")[field] == expected


@pytest.mark.parametrize("field, expected", [("recipients", "Mao Zedong"), ("via", "S. A. Krasovsky"), ("senders", "Joseph Stalin")])
def test_telegram_3917(seeds, field, expected):
    assert doc(seeds, "Ciphered Telegram No. 3917")[field] == expected


@pytest.mark.parametrize(
    "field, expected",
    [("date", "1951-06-14"), ("senders", "Gao Gang; Kim Il Sung"), ("recipients", "Joseph Stalin"),
     ("people", "Gao Gang; Kim Il Sung; Joseph Stalin; Mao Zedong")],
)
def test_handwritten_letter_is_dated_by_its_listing_not_its_embedded_letter(seeds, field, expected):
    assert doc(seeds, "Handwritten letter from Gao Gang")[field] == expected


def test_kuznetsov_in_1953_is_the_ambassador(seeds):
    row = doc(seeds, "Telegram from Kuznetsov")
    assert (row["senders"], row["recipients"]) == ("V. V. Kuznetsov", "Soviet Foreign Ministry")


def test_people_named_in_summaries_count(seeds):
    people = set("; ".join(seeds.documents["people"].dropna()).split("; "))
    assert {"Mao Zedong", "Li Kenong", "Matthew B. Ridgway", "Peng Dehuai", "Zhou Enlai"} <= people


def test_mentioned_people_are_linked_with_their_role(seeds):
    row = doc(seeds, "Ciphered Telegram No. 21336")
    links = seeds.document_people[seeds.document_people["doc_id"] == row["doc_id"]]
    assert sorted(zip(links["person_id"], links["role"])) == [
        ("kim_il_sung", "mentioned"), ("mao_zedong", "sender"), ("ridgway", "mentioned"), ("stalin", "recipient")]


def test_as_written_keeps_the_title_s_words(seeds):
    row = doc(seeds, "Ciphered Telegram No. 21336")
    links = seeds.document_people[(seeds.document_people["doc_id"] == row["doc_id"]) & (seeds.document_people["role"] == "recipient")]
    assert list(links["as_written"]) == ["Cde. Filippov [Stalin]"]


def test_doc_id_is_stable_across_runs(seeds, authority):
    again = build(list(reversed(SEEDS)), authority)
    assert sorted(again.documents["doc_id"]) == sorted(seeds.documents["doc_id"])


def test_nothing_rejected_on_the_seeds(seeds):
    assert seeds.rejects.empty


def test_untitled_listing_keeps_its_summary(seeds):
    rows = seeds.documents[seeds.documents["date"] == "1951-09-08"]
    assert list(rows["summary"]) == ["Mao asks for more Soviet advisers for Chinese troops in Korea."]


def test_a_row_that_breaks_the_contract_is_rejected_not_curated(authority):
    """A result link with an extra path segment is not a record URL: the entry goes to rejects."""
    pages = pages_of(SEED_DIR, ["000_4c535edfbda7ab4e.txt"])
    staged = staging.parse_pages(with_bytes(pages))
    staged.listings.loc[2, "record_url"] = "/document/123/attachments"
    result = batches.build(staged, authority)
    assert (result.counts["documents"], len(result.rejects)) == (9, 1)
    reject = result.rejects.iloc[0]
    assert (reject["source"], reject["position"], reject["stage"]) == (source(SEED_DIR, "000_4c535edfbda7ab4e.txt"), 3, "validate")
    assert reject["check"].startswith("str_matches")
    assert "/document/123/attachments" in reject["reason"]


def test_two_documents_claiming_one_id_are_both_rejected_whichever_batch_they_are_in(authority):
    """Listings with one record URL but different titles are two documents (never merged) with one id:
    neither may reach curated/, even when they are normalized in different batches."""
    pages = pages_of(CURRENT_HTML_DIR, ["current-design_search_page-0.html"])
    staged = staging.parse_pages(with_bytes(pages))
    staged.listings.loc[1, "record_url"] = staged.listings.loc[0, "record_url"]
    prepared = batches.prepare(staged)
    claimed = staged.listings.loc[0, "record_url"].rsplit("/", 1)[-1]
    assert prepared.duplicate_ids == {claimed}
    singles = [batches.normalize_documents(prepared.documents.slice(i, 1), authority, prepared.records,
                                          prepared.duplicate_ids) for i in range(prepared.documents.num_rows)]
    rejected = [r for b in singles for r in b.report.rejects.to_dict("records")]
    assert [(r["check"], r["reason"].startswith(f"document {claimed}:")) for r in rejected] == \
        [("field_uniqueness", True)] * 2
    kept = [doc_id for b in singles for doc_id in b.documents["doc_id"]]
    assert claimed not in kept and len(kept) == prepared.documents.num_rows - 2
    # The same two rejects as when every document is one batch.
    whole = batches.build(staged, authority)
    assert list(whole.rejects["check"]) == ["field_uniqueness"] * 2
    assert whole.counts["documents"] == len(kept)
