"""Subprocess for the concurrency and kill-during-write tests: saves students (and a scenario each) in a loop,
printing each id only after its transaction committed.

    python store_worker.py URL OWNER COUNT      (COUNT 0 = until killed)
"""

import sys

from smartpick_core.store import open_store

url, owner, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = open_store(url)
print("ready", flush=True)
i = 0
while count == 0 or i < count:
    sid = store.save_student(owner, f"student {i}")
    store.save_scenario(owner, sid, "base", {"step2_ck": 200 + i % 100, "padding": "x" * 2000}, f"notes {i}")
    print(sid, flush=True)
    i += 1
