"""The clean job at corpus scale: the pass plan, shards, worker counts, resume, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from corpusclean import clean
from corpusclean.config import default_stages
from corpusclean.errors import InputError, OutputError
from corpusclean.executors import LocalExecutor, SerialExecutor
from corpusclean.io.layout import WORK
from corpusclean.plan import plan_passes

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "job_script.py"

TOPICS = ["tram line", "ferry terminal", "school roof", "river bank", "night market", "library"]


def _corpus(path: Path, n: int) -> Path:
    """``n`` short news items in one JSONL file: a shared footer and some exact copies."""
    rows = []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        text = (
            f"The council voted on the {topic} plan number {i // 3} on Tuesday evening. "
            f"Residents of district {i % 17} said the {topic} had been promised for years, "
            "and the mayor promised a public meeting before the summer.\n"
            "Follow us for more local news every morning"
        )
        rows.append({"text": text, "n": i})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def _files(out: Path) -> dict[str, bytes]:
    """Every output file but the report (whose timings differ between runs)."""
    return {
        p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith("report")
    }


def test_the_default_pipeline_makes_two_passes_then_writes() -> None:
    stages = default_stages()
    plan = plan_passes(stages)
    assert len(plan.passes) == 2
    names = [stages[i].name for i in plan.at_write]
    assert names == ["dedup.exact", "dedup.minhash"]  # applied as the output is written
    assert [stages[i].name for i in plan.passes[0].decide] == ["boilerplate.repeated_lines"]


def test_report_records_the_plan_and_the_shards(tmp_path: Path) -> None:
    source = _corpus(tmp_path / "in" / "news.jsonl", 120)
    result = clean([source], tmp_path / "out", executor=SerialExecutor(), shard_bytes=8_000)
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [p["pass"] for p in report["plan"]] == [1, 2, "write"]
    assert report["shards"] > 3
    assert result.stats.docs_in == 120
    assert result.stats.rejected["duplicate_of"] > 0
    assert not (tmp_path / "out" / WORK).exists()


def test_output_is_byte_identical_at_one_and_two_workers(tmp_path: Path, mixed_folder) -> None:
    source = _corpus(mixed_folder / "news.jsonl", 150)
    assert source.exists()
    runs = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        clean([mixed_folder], out, executor=LocalExecutor(workers), shard_bytes=6_000)
        runs[workers] = _files(out)
    assert runs[1] == runs[2]
    assert runs[1]["rejected.jsonl"].count(b"\n") >= 5  # unreadable inputs and duplicates


def test_every_input_document_is_in_corpus_or_rejected(tmp_path: Path, mixed_folder) -> None:
    result = clean([mixed_folder], tmp_path / "out", executor=SerialExecutor())
    out = tmp_path / "out"
    kept = (out / "corpus.jsonl").read_bytes().count(b"\n")
    rejected = (out / "rejected.jsonl").read_bytes().count(b"\n")
    assert kept + rejected == result.stats.docs_in == 11
    assert result.failed == 3  # the PNG, the malformed line and the record with no text


def test_an_empty_input_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no input files"):
        clean([tmp_path / "empty"], tmp_path / "out", executor=SerialExecutor())


def test_an_output_folder_inside_the_inputs_is_refused(tmp_path: Path) -> None:
    source = _corpus(tmp_path / "in" / "news.jsonl", 5)
    out = tmp_path / "in" / "out"
    clean([source], out, executor=SerialExecutor())
    with pytest.raises(OutputError, match="outside the inputs"):
        clean([tmp_path / "in"], out, executor=SerialExecutor())


def _start(out: Path, source: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), str(out), str(source), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell gives a job
    )


def _wait_for_pass_two(out: Path, proc: subprocess.Popen) -> None:
    """Until a shard of the second pass is done (the run is midway), or fail."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if list((out / WORK / "done").glob("step1-*")):
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    pytest.fail("the run never reached its second pass")


@pytest.fixture
def reference(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """The input, and the output of an uninterrupted run of the slow job on it."""
    source = _corpus(tmp_path / "in" / "news.jsonl", 700)
    out = tmp_path / "ref" / "out"
    out.parent.mkdir()
    proc = _start(out, source)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    return source, _files(out)


def _stopped_midway(tmp_path: Path, source: Path, sig: int) -> tuple[Path, subprocess.Popen]:
    """A run of the slow job on ``source``, sent ``sig`` (to its whole process group, as a
    terminal does) once its second pass has begun; returns its OUT and the process."""
    out = tmp_path / "run" / "out"
    out.parent.mkdir()
    proc = _start(out, source)
    _wait_for_pass_two(out, proc)
    os.killpg(proc.pid, sig)
    return out, proc


def _resume(out: Path, source: Path) -> dict[str, bytes]:
    resumed = _start(out, source, "--resume")
    _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err.decode()
    return _files(out)


def test_resume_after_kill_9_gives_the_same_output(tmp_path: Path, reference) -> None:
    source, expected = reference
    out, proc = _stopped_midway(tmp_path, source, signal.SIGKILL)
    proc.wait()
    assert not (out / "corpus.jsonl").exists()  # no half-written corpus
    assert _resume(out, source) == expected


def test_ctrl_c_exits_130_at_once_and_the_run_resumes(tmp_path: Path, reference) -> None:
    source, expected = reference
    out, proc = _stopped_midway(tmp_path, source, signal.SIGINT)
    started = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - started < 2
    assert proc.returncode == 130
    message = err.decode()
    assert "Traceback" not in message and "--resume" in message
    assert len(message.strip().splitlines()) == 1
    assert _resume(out, source) == expected


def test_resume_refuses_changed_inputs(tmp_path: Path) -> None:
    source = _corpus(tmp_path / "in" / "news.jsonl", 700)
    out, proc = _stopped_midway(tmp_path, source, signal.SIGKILL)
    proc.wait()
    _corpus(source, 701)  # the input grew since
    resumed = _start(out, source, "--resume")
    _, err = resumed.communicate(timeout=60)
    assert resumed.returncode == 2
    assert "cannot resume: the inputs" in err.decode()


def test_a_full_disk_is_one_line_exit_1_and_resumable(tmp_path: Path, monkeypatch) -> None:
    """ENOSPC while a worker writes the corpus: one line naming the cause, exit 1, no
    half-written corpus; with space again, --resume finishes the run."""
    import errno

    from typer.testing import CliRunner

    from corpusclean.cli import app
    from corpusclean.io.formats import PartWriter

    source = _corpus(tmp_path / "in" / "news.jsonl", 40)
    out = tmp_path / "out"
    real_add = PartWriter.add

    def full(self, doc):  # the disk fills up at the first row of the corpus
        raise OSError(errno.ENOSPC, "No space left on device", str(self.path))

    monkeypatch.setattr(PartWriter, "add", full)
    args = ["clean", str(source), "-o", str(out), "--executor", "serial", "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output and "--resume" in result.output
    assert "Traceback" not in result.output
    assert not (out / "corpus.jsonl").exists()
    monkeypatch.setattr(PartWriter, "add", real_add)
    result = CliRunner().invoke(app, [*args, "--resume"])
    assert result.exit_code == 0, result.output
    assert (out / "corpus.jsonl").read_bytes().count(b"\n") > 0
