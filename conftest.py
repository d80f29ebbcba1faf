"""Test-run settings shared by the package's and the plugins' tests."""

from __future__ import annotations

import os
import tempfile

# The schema cache (compliancecheck/language/schemacache.py) of a test run is its own,
# in a fresh temporary folder: tests neither read nor fill the user's cache.
os.environ.setdefault("COMPLIANCECHECK_CACHE_DIR", tempfile.mkdtemp(prefix="compliancecheck-test-cache-"))
