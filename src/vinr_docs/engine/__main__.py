import sys

from vinr_docs.engine.cli import main

sys.exit(main())
