"""Load and validate data/*.yml once per build; bad data stops the build with file:line."""
from pathlib import Path

import _bootstrap  # noqa: F401  (puts scripts/ on sys.path)
from mkdocs.exceptions import PluginError

from mbcguide import site
from mbcguide.errors import DataError, DataErrors


def on_config(config):
    try:
        # The data next to the mkdocs.yml being built (a test may build a copy of the project).
        site.reload(Path(config.config_file_path).parent / "data")
    except (DataError, DataErrors) as err:
        raise PluginError(f"bad data file:\n{err}") from None
    return config
