"""Mark links that leave the site, so that print can spell out their address."""
import _bootstrap  # noqa: F401

from mbcguide.external_links import mark_external_links


def on_page_content(html, page, config, files):
    return mark_external_links(html)
