"""Load and validate data/*.yml once per build; bad data stops the build with file:line.

Under `mkdocs serve`, a data file broken while editing does not stop the server (MkDocs would keep
the old pages and the browser would wait for a reload that never comes): the pages are rebuilt
with the last good data and each shows the error at its top, as the terminal does.
"""
import html
import logging
import re
from pathlib import Path

import _bootstrap  # noqa: F401  (puts scripts/ on sys.path)
from mkdocs.exceptions import PluginError

from mbcguide import site
from mbcguide.errors import DataError, DataErrors

log = logging.getLogger("mkdocs.hooks.site_data")
BODY_RE = re.compile(r"<body\b[^>]*>")


def on_startup(command, dirty):
    # Kept in mbcguide.site, not here: serve loads this hook file afresh for every rebuild.
    site.state.serving = command == "serve"


def on_config(config):
    try:
        # The data next to the mkdocs.yml being built (a test may build a copy of the project).
        site.reload(Path(config["config_file_path"]).parent / "data")
        site.state.data_error = None
    except (DataError, DataErrors) as err:
        if not (site.state.serving and site.loaded()):
            raise PluginError(f"bad data file:\n{err}") from None
        site.state.data_error = str(err)
        log.error("bad data file (pages show this error and use the last good data until it is fixed):\n%s", err)
    return config


def error_banner(error: str) -> str:
    return ('<div role="alert" class="data-error"><p><strong>A data file has an error; fix it and save '
            'to reload.</strong> Until then this page uses the last good data.</p>'
            f"<pre>{html.escape(error)}</pre></div>")


def on_post_page(output, page, config):
    error = site.state.data_error
    if error is None:
        return output
    return BODY_RE.sub(lambda m: m.group(0) + error_banner(error), output, count=1)
