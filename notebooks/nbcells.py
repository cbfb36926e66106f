"""Cell constructors shared by build.py and the notebook modules it assembles."""
import textwrap

from nbformat.v4 import new_code_cell, new_markdown_cell


def md(text):
    return new_markdown_cell(textwrap.dedent(text).strip("\n"))


def code(expect, src):
    """A Go cell; expect is the key of its expectation in tests/notebooks/expectations*.py."""
    cell = new_code_cell(textwrap.dedent(src).strip("\n"))
    cell.metadata["gotape_expect"] = expect
    return cell
