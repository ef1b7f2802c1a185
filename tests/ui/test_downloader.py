"""The downloader's Python side: what it sends the browser and the checks on its arguments (no browser)."""

from __future__ import annotations

import pytest

from nnbuilder.ui import Downloader


def recording():
    downloader = Downloader()
    sent = []
    downloader.send = lambda content, buffers=None: sent.append((content, buffers))
    return downloader, sent


def test_download_sends_the_bytes_as_one_buffer():
    downloader, sent = recording()
    data = bytes(range(256)) * 3
    downloader.download(data, "model.keras")
    ((message, buffers),) = sent
    assert message["type"] == "download" and message["filename"] == "model.keras"
    assert message["mime"] == "application/octet-stream" and message["size"] == len(data)
    assert buffers == [data]


def test_text_is_saved_as_utf8_and_every_download_has_its_own_id():
    downloader, sent = recording()
    downloader.download("名字,value\nα,1\n", "table.csv", mime="text/csv; charset=utf-8")
    downloader.download(bytearray(b"\x00\x01"), "a.bin")
    downloader.download(memoryview(b"xyz"), "b.bin")
    (first, text), (second, raw), (third, view) = sent
    assert text == ["名字,value\nα,1\n".encode()] and first["size"] == len(text[0])
    assert first["mime"] == "text/csv; charset=utf-8"
    assert raw == [b"\x00\x01"] and view == [b"xyz"]
    ids = {first["id"], second["id"], third["id"], Downloader()._ids.__next__()}
    assert len(ids) == 4  # each view on a page saves a given file once, and only that file


def test_downloader_takes_no_room():
    downloader = Downloader()
    assert downloader.layout.display == "none"
    assert downloader.get_state()["_widget"] == "downloader"


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((3, "x.bin"), TypeError, r"data: expected bytes or str"),
        (([1, 2], "x.bin"), TypeError, r"data: expected bytes or str"),
        ((b"x", "dir/x.bin"), ValueError, r"filename: expected a plain file name"),
        ((b"x", "C:\\x.bin"), ValueError, r"filename: expected a plain file name"),
        ((b"x", ""), ValueError, r"filename: expected a plain file name"),
        ((b"x", ".."), ValueError, r"filename: expected a plain file name"),
        ((b"x", None), TypeError, r"filename: expected a file name"),
        ((b"x", "x.bin", "binary"), ValueError, r"mime: expected a media type"),
        ((b"x", "x.bin", "text/html\nX-Evil: 1"), ValueError, r"mime: expected a media type"),
        ((b"x", "x.bin", None), ValueError, r"mime: expected a media type"),
    ],
)
def test_download_refuses_bad_arguments_and_sends_nothing(args, error, match):
    downloader, sent = recording()
    with pytest.raises(error, match=match):
        downloader.download(*args)
    assert sent == []


def test_downloader_rejects_unknown_arguments():
    with pytest.raises(TypeError):
        Downloader("x")
    with pytest.raises(TypeError):
        Downloader(filename="x")


def test_files_too_large_for_the_browser_are_refused(monkeypatch):
    from nnbuilder.ui import downloader as module

    monkeypatch.setattr(module, "MAX_BYTES", 10)
    with pytest.raises(ValueError, match=r"data: 0 MB is too large .* write it to a file instead"):
        module.Downloader().download(b"x" * 11, "big.bin")
