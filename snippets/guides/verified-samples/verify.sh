make verify                                             # every sample, no site build
.venv/bin/python -m vinr_docs.engine customers/create   # only samples whose id contains this
.venv/bin/python -m vinr_docs.engine --no-cache         # ignore the cache
.venv/bin/python -m vinr_docs.engine --update           # accept what the fake returned
.venv/bin/python -m pytest tests/test_samples.py        # one test per sample
make mock                                               # the fake on http://127.0.0.1:4010
