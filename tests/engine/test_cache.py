"""What verification remembers between runs, and when it must forget.

Two caches: a passing sample's verdict, keyed by everything it depends on (`.cache/
vinr-samples.json`), and a passing full run's whole report, keyed by every input of the run
(`.cache/vinr-run.pickle`: an unchanged rebuild starts no process). Each must miss the moment an
input changes, and neither may ever hold a failure.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_helpers import only_retrieve

from conftest import edit_file
from vinr_docs.engine import Settings, cache, pipeline, verify

RETRIEVE = "customers/retrieve"


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
    edit_file(response, lambda t: t.replace('"Jenny Rosen"', '"Jenny R."', 1))
    for _ in range(2):  # a failure is never stored: it runs again every time
        broken = verify(settings, only_retrieve)
        assert not broken.ok and not any(cached(broken))
    edit_file(response, lambda t: t.replace('"Jenny R."', '"Jenny Rosen"', 1))
    assert all(cached(verify(settings, only_retrieve)))  # back to what passed

    spec = project_copy / "docs" / "openapi.yaml"  # every sample depends on the spec
    spec.write_text(spec.read_text() + "\n# edited\n")
    again = verify(settings, only_retrieve)
    assert again.ok and not any(cached(again))


@pytest.mark.parametrize(
    "change",
    [
        "snippets/customers/retrieve/ruby.rb",
        "snippets/customers/state.json",
        "docs/api-reference/customers.md",
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
    sample = project_copy / "snippets" / RETRIEVE / "node.js"
    edit_file(sample, lambda t: t.replace("retrieve('cust_8aZ2')", "retrieve('cust_0000')", 1))
    failed = pipeline.verify_in_background(settings).result()
    assert not failed.ok and not stored.exists()  # a failing run is not remembered

    edit_file(sample, lambda t: t.replace("retrieve('cust_0000')", "retrieve('cust_8aZ2')", 1))
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

    page = project_copy / "docs" / "api-reference" / "customers.md"
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
