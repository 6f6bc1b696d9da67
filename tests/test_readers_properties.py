"""Properties of reading that must hold on any bytes, not just the cases thought of."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusclean.io.decode import decode_bytes
from corpusclean.io.inputs import Limits
from corpusclean.io.readers import discover, read_file, read_jsonl, split_file

# Lines of JSONL as scraped dumps hold them: good records, broken ones, blanks, CRs, junk.
record = st.fixed_dictionaries({"text": st.text(max_size=40)}).map(orjson.dumps)
line = st.one_of(
    record,
    record.map(lambda b: b + b"\r"),
    st.binary(max_size=30).filter(lambda b: b"\n" not in b),
    st.just(b""),
    st.just(b"   "),
)
jsonl = st.lists(line, max_size=40).map(lambda lines: b"\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decoding_never_raises(data: bytes) -> None:
    decoded = decode_bytes(data)
    assert decoded.text is None or isinstance(decoded.text, str)
    if decoded.text is not None and decoded.encoding == "utf-8":
        assert "\x00" not in decoded.text


@settings(max_examples=150, deadline=None)
@given(jsonl)
def test_every_non_blank_line_is_one_document(data: bytes) -> None:
    docs = list(read_jsonl(io.BytesIO(data), "d.jsonl", limits=Limits(max_line_bytes=60)))
    lines = data.split(b"\n")
    # A line over the cap is reported without being held, so even a blank one counts.
    numbers = [i for i, raw in enumerate(lines, 1) if raw.strip() or len(raw) > 60]
    assert [d.source for d in docs] == [f"d.jsonl#{i}" for i in numbers]
    assert all(
        d.rejected is None or d.rejected.startswith(("unreadable:", "too_large")) for d in docs
    )


@settings(max_examples=60, deadline=None)
@given(jsonl, st.integers(min_value=1, max_value=200))
def test_parts_equal_the_whole(data: bytes, target: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.jsonl"
        path.write_bytes(data)
        (input_file,) = discover([path])
        whole = [(d.id, d.text, d.rejected) for d in read_file(input_file)]
        parts = split_file(input_file, target)
        pieces = [(d.id, d.text, d.rejected) for p in parts for d in read_file(input_file, part=p)]
        assert pieces == whole
