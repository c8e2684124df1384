"""P9: how much the app's resident memory grows over a long run (issue 12, item 15; plotext#216).

The real ``LstuiApp`` under Textual's ``run_test`` at 120×40 trains digits for 100 epochs (``--quick``:
30) from its form, as ``lstui --dataset digits --epochs 100`` then ctrl+r would; every epoch
redraws the charts, writes the log line and moves the progress bar. The process's RSS (psutil) is
read as the app receives the EpochCompleted of epoch 10 and of the last epoch; P9 is the
difference in MB (10^6 bytes). Epoch 10 is late enough that TensorFlow's one-off allocations
(graph tracing, the first epochs' buffers) are behind it.
"""

from __future__ import annotations

import asyncio
import os
import tempfile


def measure(quick: bool = False) -> dict:
    """P9 and the two RSS readings behind it."""
    from lstui.config import RunConfig

    epochs = 30 if quick else 100
    with tempfile.TemporaryDirectory() as folder:
        config = RunConfig(dataset="digits", epochs=epochs, out=os.path.join(folder, "runs"), seed=0)
        at = asyncio.run(rss_by_epoch(config, (10, epochs)))
    return {"P9": (at[epochs] - at[10]) / 1e6, "rss_epoch10_mb": at[10] / 1e6, "rss_end_mb": at[epochs] / 1e6,
            "rss_epochs": epochs}


async def rss_by_epoch(config, epochs: tuple[int, ...]) -> dict[int, int]:
    """Train ``config`` from the app's form; the process's RSS (bytes) as each epoch in ``epochs`` is shown."""
    import psutil

    from lstui.app import LstuiApp
    from lstui.messages import EpochCompleted

    process = psutil.Process()
    found: dict[int, int] = {}

    def seen(message) -> None:  # on the app's thread, as each message is posted
        if isinstance(message, EpochCompleted) and message.event.epoch in epochs:
            found.setdefault(message.event.epoch, process.memory_info().rss)

    app = LstuiApp(config)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
    missing = [e for e in epochs if e not in found]
    if missing:
        raise RuntimeError(f"the app run never showed epoch(s) {missing}")
    return found
