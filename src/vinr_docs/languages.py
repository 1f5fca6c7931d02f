"""The sample languages: one definition shared by the page generator, the engine and the tests.

Order is the tab order on the page. `tab` is the label readers see (Material links tabs with the
same label across blocks); `file` is the snippet file in an operation's folder.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    key: str  # runner name
    tab: str  # content-tab label
    file: str  # file name in a snippet folder
    fence: str  # code-fence language for highlighting
    spec_lang: str  # `lang` of the published spec's x-codeSamples (Redocly's list of names)


LANGUAGES: tuple[Language, ...] = (
    Language("curl", "curl", "curl.sh", "bash", "Shell"),
    Language("node", "JavaScript", "node.js", "js", "JavaScript"),
    Language("python", "Python", "python.py", "python", "Python"),
    Language("ruby", "Ruby", "ruby.rb", "ruby", "Ruby"),
)
BY_FILE = {language.file: language for language in LANGUAGES}
# A language by its runner key or tab label, lower-cased: `node`, `javascript`, `python`...
BY_NAME = {name.lower(): lang for lang in LANGUAGES for name in (lang.key, lang.tab)}
RESPONSE_FILE = "response.json"
STATE_FILE = "state.json"
