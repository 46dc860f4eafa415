"""python -m benchmarks [--quick] [--sizes 1000,10000] [--json PATH] [--users N --questions M]"""

from benchmarks.suite import main

raise SystemExit(main())
