"""Benchmarks (bench/README.md): page weight, throughput against Datasette and a bare view, scale.

A package so that gunicorn can import the bench-only settings and URLs (bench.settings, bench.bare).
"""
