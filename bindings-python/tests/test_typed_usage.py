from __future__ import annotations

import typed_usage

import blajarplus


def test_typed_usage_runs() -> None:
    assert typed_usage.main() == "validation:too short:name"
    assert blajarplus.__version__
