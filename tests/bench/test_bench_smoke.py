"""The benchmark's smoke (`make bench-smoke`), its core pieces in seconds and no timings: a tiny
synthetic data set, the app under production settings, the bare view and Datasette serve it side by
side, each is loaded for a second (wrk, or a bounded Python loop without it), the table prints, and
every server is gone afterwards.

Datasette is in the bench's own virtualenv (`make bench-deps`): without it that part is left out,
unless REQUIRE_BENCH=1, which also requires wrk.
"""

import os
import shutil

from bench import common, servers, throughput

REQUIRED = os.environ.get("REQUIRE_BENCH") == "1"


def test_the_bench_smoke_serves_every_target_and_prints_the_table(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(common, "VAR", common.VAR)
    monkeypatch.setattr(common, "WORKERS", common.WORKERS)
    args = ["--smoke", "--directory", str(tmp_path)]
    with_datasette = common.DATASETTE.exists()
    if REQUIRED:
        assert with_datasette, f"REQUIRE_BENCH=1 and Datasette is missing ({common.DATASETTE}): make bench-deps"
        assert shutil.which("wrk"), "REQUIRE_BENCH=1 and wrk is missing: apt-get install wrk"
    if not with_datasette:
        args.append("--no-datasette")

    assert throughput.main(args) == 0

    table = capsys.readouterr().out
    targets = ["API cold", "bare view", "API warm", *(["Datasette table", "Datasette joined"] * with_datasette)]
    for target in targets:
        row = next(line for line in table.splitlines() if line.startswith(f"| {target} "))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert float(cells[1].replace(",", "")) > 0, row  # req/s
        assert cells[5] == "0", row  # no error answers
    assert "commit " in table
    assert "API cold / bare view" in table
    # Every server stopped: no process of the run is left listening or working.
    assert not [pid for pid in servers._children(os.getpid()) if servers._rss(pid)]
