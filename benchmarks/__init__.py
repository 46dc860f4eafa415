"""Benchmarks of the twinning bot: `python -m benchmarks` (see benchmarks/README.md).

    synthetic.py     knowledge bases of N plausible entities (valid for the loader)
    cases.py         the questions (evaluation set + generated) and score.py's judging
    engine_bench.py  engine latency, load time, accuracy and the rapidfuzz baseline, per size
    startup.py       start-up to the first answer and peak RSS, in fresh processes
    e2e_bench.py     the real Telegram application against the loopback fake Bot API
    e2e_bot.py       the bot process the end-to-end benchmark starts
    report.py        the table, the Markdown report and the verdict on each target
    suite.py         the whole run and its command line

Benchmarks are never wall-clock assertions in unit tests; tests/test_benchmarks_smoke.py
only keeps `python -m benchmarks --quick` working.
"""
