"""Load and validate data/*.yml once per build; bad data stops the build with file:line."""
import _bootstrap  # noqa: F401  (puts scripts/ on sys.path)
from mkdocs.exceptions import PluginError

from mbcguide import site
from mbcguide.errors import DataError, DataErrors


def on_config(config):
    try:
        site.reload()
    except (DataError, DataErrors) as err:
        raise PluginError(f"bad data file:\n{err}") from None
    return config
