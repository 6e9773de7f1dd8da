"""The inventory's file hashes (pipeline/raw.py): a page file whose size, modification time and inode are unchanged is
not read again to be hashed; one that changed in any is, and so is every file when nothing was kept."""

from __future__ import annotations

import os

from pipeline import raw


def _pages(folder) -> dict[str, str]:
    return {p.source: p.page_id for p in raw.inventory(folder).pages}


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(tmp_path, monkeypatch):
    folder = tmp_path / "raw"
    (folder / "sub").mkdir(parents=True)
    for name, text in (("a.html", "<html>a</html>"), ("sub/b.txt", "June 1, 1950\nB\nSummary.")):
        (folder / name).write_text(text, encoding="utf-8")
    first = raw.inventory(folder)
    raw.keep_hashes(tmp_path / "staging", first)
    known = raw.known_hashes(tmp_path / "staging")
    assert set(known) == {str(folder / "a.html"), str(folder / "sub" / "b.txt")}

    read = []
    real = raw.read_file
    monkeypatch.setattr(raw, "read_file", lambda location: read.append(location) or real(location))
    again = raw.inventory(folder, known)
    assert again.pages == first.pages and read == []  # nothing read: the same ids

    (folder / "a.html").write_text("<html>A, edited in place</html>", encoding="utf-8")
    stat = os.stat(folder / "a.html")
    os.utime(folder / "a.html", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a later modification time
    edited = raw.inventory(folder, known)
    assert read == [str(folder / "a.html")]
    assert {p.source: p.page_id for p in edited.pages} == {**_pages(folder)}
    assert edited.pages[0].page_id != first.pages[0].page_id


def test_hashes_that_cannot_be_read_are_none(tmp_path):
    (tmp_path / raw.HASHES).write_text("not json", encoding="utf-8")
    assert raw.known_hashes(tmp_path) is None
    assert raw.known_hashes(tmp_path / "missing") is None


def test_a_file_replaced_by_another_of_the_same_size_and_time_is_read_again(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "a.html").write_text("<html>one</html>", encoding="utf-8")
    first = raw.inventory(folder)
    stat = os.stat(folder / "a.html")
    (folder / "new.html").write_text("<html>two</html>", encoding="utf-8")
    os.utime(folder / "new.html", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(folder / "new.html", folder / "a.html")  # same size, same time, another inode
    again = raw.inventory(folder, first.hashes)
    assert again.pages[0].page_id == raw.page_id(b"<html>two</html>") != first.pages[0].page_id


def test_a_file_name_that_is_not_utf8_is_kept_and_read_back(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.html")
    (folder / name).write_text("<html>x</html>", encoding="utf-8")
    found = raw.inventory(folder)
    raw.keep_hashes(tmp_path / "staging", found)
    assert raw.known_hashes(tmp_path / "staging") == found.hashes


def test_hashes_are_written_only_when_they_changed(tmp_path, monkeypatch):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "a.html").write_text("<html>one</html>", encoding="utf-8")
    staging = tmp_path / "staging"
    first = raw.inventory(folder, raw.known_hashes(staging))
    assert first.hashes_new
    raw.keep_hashes(staging, first)
    written = []
    monkeypatch.setattr(raw.storage, "write_bytes", lambda data, location: written.append(location))
    again = raw.inventory(folder, raw.known_hashes(staging))
    raw.keep_hashes(staging, again)
    assert not again.hashes_new and written == []
    (folder / "b.html").write_text("<html>two</html>", encoding="utf-8")
    raw.keep_hashes(staging, raw.inventory(folder, raw.known_hashes(staging)))
    assert written == [str(staging / raw.HASHES)]
