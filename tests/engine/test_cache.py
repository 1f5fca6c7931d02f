"""What verification remembers between runs, and when it must forget.

Two caches: a passing sample's verdict, keyed by everything it depends on (`.cache/
vinr-samples.json`), and a passing full run's whole report, keyed by every input of the run
(`.cache/vinr-run.pickle`: an unchanged rebuild starts no process). Each must miss the moment an
input changes, and neither may ever hold a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_helpers import only_retrieve

from conftest import ROOT, edit_file
from derived import SNIPPETS, acting, page_of, response_field
from vinr_docs.engine import Settings, cache, pipeline, verify
from vinr_docs.tryit.generate import default_fixture

RETRIEVE = acting("retrieve").sample_folder  # what `only_retrieve` verifies
PAGE = page_of(RETRIEVE)[1].relative_to(ROOT).as_posix()  # the page that shows it
STATE = default_fixture(ROOT)
assert STATE is not None, "the pages share no state.json; the test needs one"


def sample_file(folder: str, suffix: str) -> str:
    """The folder's sample in the language with that file suffix, as a project path."""
    found = sorted((SNIPPETS / folder).glob(f"*{suffix}"))
    assert found, f"snippets/{folder} has no *{suffix} sample"
    return found[0].relative_to(ROOT).as_posix()


def retrieved_id() -> tuple[str, str]:
    """(the id the folder's samples retrieve, one of the same shape that names nothing)."""
    documented = json.loads((SNIPPETS / RETRIEVE / "response.json").read_text())["id"]
    return documented, documented[:-1] + ("1" if documented.endswith("0") else "0")


def cached(report) -> list[bool]:  # noqa: ANN001
    return [result.cached for result in report.results]


def test_a_passing_sample_runs_again_only_when_an_input_changes_and_failures_always_run(
    project_copy: Path,
) -> None:
    settings = Settings.for_project(project_copy, strict=True)
    first = verify(settings, only_retrieve)
    assert first.ok and first.results and not any(cached(first))
    assert all(cached(verify(settings, only_retrieve)))

    response = project_copy / "snippets" / RETRIEVE / "response.json"
    # The documented reply is an input.
    _, good, bad = response_field(RETRIEVE)
    edit_file(response, lambda t: t.replace(good, bad, 1))
    for _ in range(2):  # a failure is never stored: it runs again every time
        broken = verify(settings, only_retrieve)
        assert not broken.ok and not any(cached(broken))
    edit_file(response, lambda t: t.replace(bad, good, 1))
    assert all(cached(verify(settings, only_retrieve)))  # back to what passed

    spec = project_copy / "docs" / "openapi.yaml"  # every sample depends on the spec
    spec.write_text(spec.read_text() + "\n# edited\n")
    again = verify(settings, only_retrieve)
    assert again.ok and not any(cached(again))


@pytest.mark.parametrize(
    "change",
    [
        sample_file(RETRIEVE, ".rb"),
        STATE.relative_to(ROOT).as_posix(),
        PAGE,
        "docs/openapi.yaml",
        "clients/js/src/index.js",
        "src/vinr_docs/fake/handlers.py",
    ],
)
def test_the_run_key_covers_samples_pages_spec_clients_and_engine(
    project_copy: Path, change: str
) -> None:
    settings = Settings.for_project(project_copy, strict=True)
    before = pipeline.run_key(settings)
    assert pipeline.run_key(settings) == before  # deterministic
    path = project_copy / change
    path.write_bytes(path.read_bytes() + b"\n")
    assert pipeline.run_key(settings) != before


def test_the_run_key_covers_settings_and_installed_runtimes(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings.for_project(project_copy, strict=True)
    before = pipeline.run_key(settings)
    assert pipeline.run_key(Settings.for_project(project_copy, strict=False)) != before
    real = pipeline.shutil.which
    monkeypatch.setattr(pipeline.shutil, "which", lambda t: None if t == "ruby" else real(t))
    assert pipeline.run_key(settings) != before  # Ruby uninstalled
    monkeypatch.undo()


def _library_file(language: str) -> Path:
    """A file the runners load from an installed library: urllib3 (under requests, under the
    Python client), a data file (requests' CA bundle, from certifi), the standard library's
    http.client (under urllib3), Ruby's net/http (under the Ruby client)."""
    if language == "python":
        import urllib3

        return Path(urllib3.__file__).parent / "connection.py"
    if language == "python-data":
        import certifi

        return Path(certifi.where())
    if language == "python-stdlib":
        import http.client

        return Path(http.client.__file__)
    done = subprocess.run(
        ["ruby", "-rnet/http", "-e", "puts $LOADED_FEATURES.grep(%r{/net/http\\.rb$}).first"],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(done.stdout.strip())


@contextlib.contextmanager
def patched_in_place(path: Path) -> Iterator[None]:
    """The file as a patch in place leaves it: same version, new mtime. Restored afterwards."""
    before = path.stat()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))
    try:
        yield
    finally:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("language", ["python", "python-data", "python-stdlib", "ruby"])
def test_a_library_patched_in_place_runs_every_sample_again(
    project_copy: Path, language: str
) -> None:
    settings = Settings.for_project(project_copy, strict=True)
    assert verify(settings, only_retrieve).ok
    assert all(cached(verify(settings, only_retrieve)))
    before = pipeline.run_key(settings)
    with patched_in_place(_library_file(language)):
        assert pipeline.run_key(settings) != before
        assert not any(cached(verify(settings, only_retrieve)))


def test_an_unchanged_full_run_reuses_the_passing_report_and_starts_no_process(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings.for_project(project_copy, strict=True)
    stored = project_copy / ".cache" / pipeline.RUN_FILE
    sample = project_copy / sample_file(RETRIEVE, ".js")
    documented, missing = retrieved_id()
    assert documented in sample.read_text(), f"{sample.name} does not name {documented}"
    edit_file(sample, lambda t: t.replace(documented, missing))
    failed = pipeline.verify_in_background(settings).result()
    assert not failed.ok and not stored.exists()  # a failing run is not remembered

    edit_file(sample, lambda t: t.replace(missing, documented))
    passed = pipeline.verify_in_background(settings).result()
    assert passed.ok and not passed.partial and stored.is_file()

    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("a verification process was started")

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", no_process)
    again = pipeline.verify_in_background(settings).result()
    assert again.ok and all(cached(again))
    assert [r.location for r in again.results] == [r.location for r in passed.results]
    assert f"0 executed, {len(passed.results)} cached" in again.summary()
    assert again.matrix == passed.matrix and again.blocks == passed.blocks

    page = project_copy / PAGE
    page.write_text(page.read_text() + "\n")  # any input changed: a real run
    with pytest.raises(AssertionError, match="process was started"):
        pipeline.verify_in_background(settings).result()
    key = pipeline.run_key(settings).encode()
    for damaged in (b"not a pickle", key + b"\nnot a pickle", key + b"\n" + b"\x80\x04K"):
        stored.write_bytes(damaged)  # a damaged file is a miss, not a crash
        with pytest.raises(AssertionError, match="process was started"):
            pipeline.verify_in_background(settings).result()


def test_the_sample_cache_keeps_the_most_recently_used_entries_and_reads_damage_as_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache.SampleCache, "KEEP", 2)
    clock = iter(range(100))
    monkeypatch.setattr(cache.time, "time", lambda: next(clock))
    for key in ("a", "b", "c"):  # one run each: c newest
        run = cache.SampleCache(tmp_path)
        run.put(key, {"key": key})
        run.save()
    run = cache.SampleCache(tmp_path)
    assert run.get("a") is None and run.get("b") == {"key": "b"}
    run.save()  # reading b made it the most recent
    run = cache.SampleCache(tmp_path)
    run.put("d", {})
    run.save()
    assert cache.SampleCache(tmp_path).get("b") == {"key": "b"}
    assert cache.SampleCache(tmp_path).get("c") is None
    (tmp_path / cache.CACHE_FILE).write_text('{"old-format-key": {"requests": []}}')
    assert cache.SampleCache(tmp_path).get("old-format-key") is None
