make verify                                            # every sample, no site build
.venv/bin/python -m vinr_docs.verify customers/create  # only samples whose path contains this
.venv/bin/python -m vinr_docs.verify --no-cache        # ignore the cache
.venv/bin/python -m vinr_docs.verify --update          # accept what the fake returned
.venv/bin/python -m pytest tests/test_samples.py       # one test per sample
