"""Shared cell snippets for the gotape kernel tests."""

# Run first in every kernel the tests start (notebooks import what they use).
IMPORTS = 'import (\n\t"fmt"\n\t"os"\n\t"strings"\n\t"time"\n)'
