"""The escape hatch: behaviour a declaration cannot express, as named functions.

An operation may declare `x-vinr-behaviour: {custom: name}`; the fake then calls `name(ctx,
values)` from this module (a `handlers.Context` and the request's validated values; it returns
`(status, body)`), and the in-page mock calls the same-named export of `tryit/custom.js`. The
build fails when either file lacks the function. No operation in this repository uses it: prefer
a declaration, so that copying an operation copies its behaviour.
"""
