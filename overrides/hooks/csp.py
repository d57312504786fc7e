"""A Content-Security-Policy on every page, and a build that fails if a page could run foreign script.

The policy allows script files from the site itself and the inline scripts the theme and we need,
by hash. The hashes come from rendering the trusted partials with each page's context, never from
the page: a script that slips into a page (an escaping bug, a stranger's HTML) would not run, and
the scan below stops the build, naming the page's file and the line where the text is.
"""
from pathlib import Path
from urllib.parse import urlsplit

import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide.pagescan import inline_scripts, scan_built_page, script_hash, source_line

# The inline scripts a page may hold: Material's (storage helpers, tab state), our palette script
# and our one-line "scripts run" flag.
TRUSTED_PARTIALS = ("partials/javascripts/base.html", "partials/javascripts/content.html",
                    "partials/javascripts/palette.html", "partials/javascripts/early.html")
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'")

_env = None
_serving = False
_trusted: dict[str, tuple[str, set[str]]] = {}  # page source (or template name) -> (its policy, script hashes)
_script_paths: set[str] = set()
PAGE_SCRIPTS = ("javascripts/options-filter.js", "javascripts/glossary-page.js")  # loaded by overrides/main.html on the page that needs it


def on_startup(command, dirty):
    # `mkdocs serve` adds an inline live-reload script to every response, different each time, so
    # no hash can allow it: the preview allows inline scripts. Built sites (and the scan) are unchanged.
    global _serving
    _serving = command == "serve"


def on_env(env, config, files):
    global _env
    _env = env
    _script_paths.clear()
    _script_paths.update(script_paths(config))
    return env


def _policy(key: str, context: dict, config) -> str:
    """Render the trusted partials as the page will, hash their scripts, remember them for the scan."""
    ctx = {**context, "features": config.theme["features"] if "features" in config.theme else []}  # base.html sets `features` itself
    hashes = list(dict.fromkeys(script_hash(code) for name in TRUSTED_PARTIALS
                                for code in inline_scripts(_env.get_template(name).render(ctx))))
    policy = POLICY.format(hashes="'unsafe-inline'" if _serving else " ".join(hashes))
    _trusted[key] = policy, set(hashes)
    return policy


def on_page_context(context, page, config, nav):
    context["csp"] = _policy(page.file.src_uri, context, config)  # overrides/main.html writes the <meta>
    return context


def on_template_context(context, template_name, config):
    if template_name.endswith(".html"):  # 404.html (not sitemap.xml)
        context["csp"] = _policy(template_name, context, config)
    return context


def script_paths(config) -> set[str]:
    """Script files a page may load: the theme's own (assets/javascripts/*.js), extra_javascript and PAGE_SCRIPTS."""
    paths = {str(s) for s in config.extra_javascript} | set(PAGE_SCRIPTS)
    for folder in config.theme.dirs:
        paths.update(p.relative_to(folder).as_posix() for p in (Path(folder) / "assets" / "javascripts").glob("*.js"))
    return paths


def _check(output: str, key: str, url: str, source_name: str, source: str, config) -> None:
    policy, hashes = _trusted.pop(key, (None, set()))
    found = scan_built_page(output, url, hashes, _script_paths, policy, urlsplit(config.site_url or "/").path)
    if found:
        lines = []
        for u in found:
            line = source_line(source, u.needles)
            where = f"{source_name}:{line}" if line else f"{source_name} (not in its text: a template, hook or data file wrote it)"
            lines.append(f"{where}: the built page holds {u.message}: {u.snippet}")
        raise PluginError("unsafe HTML in a built page; remove it (pages may not run script):\n" + "\n".join(lines))


def on_post_page(output, page, config):
    _check(output, page.file.src_uri, page.url, f"docs/{page.file.src_uri}", page.file.content_string or "", config)
    return output


def on_post_template(output_content, template_name, config):
    if template_name.endswith(".html"):
        _check(output_content, template_name, template_name, f"template {template_name}", "", config)
    return output_content
