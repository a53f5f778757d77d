"""The static files in STATICFILES_DIRS, without the vendor files no page uses.

Bootstrap's `dist` folder carries every variant of its stylesheet and script (grid, reboot,
utilities, right-to-left, ES modules, unminified) with their source maps: 8 MB of which the
site uses bootstrap.min.css and bootstrap.bundle.min.js. Collected, each of them was hashed,
copied and compressed twice (gzip and Brotli) for nothing: `collectstatic` took 30 s instead
of 10. The files left out are those below; the ones the pages use keep their source maps,
which their last lines name (ManifestStaticFilesStorage rewrites those references and fails
on a missing one). The patterns are matched as `collectstatic`'s own ignore patterns are,
against each file's name and its path in its folder.

A finder rather than Django's other way, a StaticFilesConfig of the site's own in
INSTALLED_APPS: pytest-django's live server serves the static files only where
INSTALLED_APPS names "django.contrib.staticfiles" itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.utils import get_files
from django.core.files.storage import Storage

UNUSED_VENDOR_FILES = [
    # Bootstrap (node_modules/bootstrap/dist): the pages use bootstrap.min.css and
    # bootstrap.bundle.min.js.
    "bootstrap-grid*",
    "bootstrap-reboot*",
    "bootstrap-utilities*",
    "bootstrap.rtl*",
    "bootstrap.css",
    "bootstrap.css.map",
    "bootstrap.esm*",
    "bootstrap.js",
    "bootstrap.js.map",
    "bootstrap.min.js",
    "bootstrap.min.js.map",
    "bootstrap.bundle.js",
    "bootstrap.bundle.js.map",
    # Bootstrap Icons (node_modules/bootstrap-icons/font): the pages use
    # bootstrap-icons.min.css and the two fonts it names.
    "bootstrap-icons.css",
    "bootstrap-icons.json",
    "bootstrap-icons.scss",
    "bootstrap-icons.ts",
]


class FileSystemFinder(finders.FileSystemFinder):
    """Django's finder of STATICFILES_DIRS, listing (for `collectstatic`) none of
    UNUSED_VENDOR_FILES from the folders served under `vendor/`; the site's own `static/`
    is listed whole."""

    def list(self, ignore_patterns: Iterable[str] | None) -> Iterator[tuple[str, Storage]]:
        for prefix, root in self.locations:
            if not os.path.isdir(root):
                continue
            patterns = [*(ignore_patterns or [])]
            if prefix.startswith("vendor/"):
                patterns += UNUSED_VENDOR_FILES
            storage = self.storages[root]
            for path in get_files(storage, patterns):
                yield path, storage
