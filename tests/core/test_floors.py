"""The floors' import contracts (pyproject.toml, checked by import-linter in `make check`) cover the
whole of floor 1: a new module of cooperation/ is forbidden to the core the day it is added."""

import pkgutil
import tomllib
from pathlib import Path

import cooperation

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _contract(name):
    contracts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    (contract,) = [contract for contract in contracts if contract["name"] == name]
    return contract


def test_the_core_is_forbidden_every_module_of_floor_1_and_every_higher_floor():
    contract = _contract("The record framework (cooperation.core) imports no app")
    floor_1 = {f"cooperation.{module.name}" for module in pkgutil.iter_modules(cooperation.__path__)} - {
        "cooperation.core"
    }

    assert contract["source_modules"] == ["cooperation.core"]
    assert set(contract["forbidden_modules"]) == floor_1 | {"config", "events", "people"}


def test_the_floors_are_layered_from_config_down_to_cooperation():
    assert _contract("Floors: config, then events, then people, then cooperation")["layers"] == [
        "config",
        "events",
        "people",
        "cooperation",
    ]
