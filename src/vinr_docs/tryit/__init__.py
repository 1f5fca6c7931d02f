"""Try it: the VINR API mocked in the page, with the Python fake's behaviour.

`generate` reads `docs/openapi.yaml` and the fixture state through the fake's own `ApiRules` and
writes one `config.json`; `build_validators.mjs` (node: ajv standalone + esbuild) precompiles its
schemas into `validators.js`, so the page needs no `eval`. `mock.js` is the in-page mock,
`email.js` the email format. tests/tryit/ runs one request script against both mocks.
"""
