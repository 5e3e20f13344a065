"""Ctrl-C during a long solve raises KeyboardInterrupt promptly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

CHILD = r'''
import sys, scaleplan
cat, scenario = scaleplan.generate(4000, seed=5)
scenario = scenario.replace(time_limit_s=300, mip_gap=0.0)
print("solving", flush=True)
try:
    cat.plan(scenario)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(0)
print("finished", flush=True)
sys.exit(1)
'''


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")
def test_ctrl_c_stops_a_long_solve() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "solving"
        time.sleep(1.5)  # let the solve get going
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert "interrupted" in out, (out, err)
    assert child.returncode == 0
