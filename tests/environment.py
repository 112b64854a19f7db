"""Reading the settings again under other environment variables, as a deploy would set them."""

import contextlib
import importlib
import sys


@contextlib.contextmanager
def base_settings_under(monkeypatch, **variables):
    """config.settings.base as read with `variables` in the environment; the usual module restored after."""
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("config.settings.base", None)
    try:
        yield importlib.import_module("config.settings.base")
    finally:
        monkeypatch.undo()
        sys.modules.pop("config.settings.base", None)
        importlib.import_module("config.settings.base")
