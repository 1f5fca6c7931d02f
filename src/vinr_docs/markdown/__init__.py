"""Markdown directives that render API reference content from the OpenAPI spec and snippets.

One line each, at the start of a line (inside `/// advanced` blocks too)::

    /// endpoint | createCustomer        method badge and path; marks the section's operation
    /// sample | customers/create        language tabs + response of a snippet folder
    /// parameters | createCustomer      summary list (Standard) + full table (Advanced)
    /// errors | createCustomer          error table and bodies (Advanced)
    /// object | Customer                attribute list of a schema
    /// event | customer.created         payload fields of a webhook + its example JSON
"""

from vinr_docs.markdown.checks import Problem, check_site
from vinr_docs.markdown.extension import SpecExtension, load_spec, makeExtension
from vinr_docs.markdown.render import DirectiveError
from vinr_docs.markdown.samples import expected_files, missing_files

__all__ = [
    "DirectiveError",
    "Problem",
    "SpecExtension",
    "check_site",
    "expected_files",
    "load_spec",
    "makeExtension",
    "missing_files",
]
