#!/usr/bin/python3
"""Removes what changes on every run and says nothing about a notebook's content: the
per-cell execution timestamps nbclient records (metadata.execution). Rewrites each
notebook given on the command line only when something was removed.

Used by `make notebooks` (which refreshes the outputs saved in notebooks/), so that the
committed notebooks change only when what they show changes."""
import sys

import nbformat


def clean(path):
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell in nb.cells:
        if "execution" in cell.metadata:
            del cell.metadata["execution"]
            changed = True
    if changed:
        nbformat.write(nb, path)
    return changed


if __name__ == "__main__":
    for p in sys.argv[1:]:
        if clean(p):
            print(f"nbclean: {p}: execution timestamps removed")
