"""The socket protocol's light inbox and flag (realtime/wire.py) keep asyncio.Queue's and
asyncio.Event's promises that uvicorn relies on: order, wake-ups, and a cancelled reader's
wake-up passed on."""

from __future__ import annotations

import asyncio

from realtime.wire import Flag, Inbox


def test_the_inbox_hands_messages_out_in_order_and_wakes_a_waiting_reader() -> None:
    async def scenario() -> None:
        inbox = Inbox()
        assert inbox.empty()
        reader = asyncio.create_task(inbox.get())
        await asyncio.sleep(0)
        assert not reader.done()
        inbox.put_nowait("connect")
        inbox.put_nowait("receive")
        assert await reader == "connect"
        assert not inbox.empty()
        assert await inbox.get() == "receive"
        assert inbox.empty()

    asyncio.run(scenario())


def test_a_reader_cancelled_after_its_wake_up_passes_the_message_on() -> None:
    async def scenario() -> None:
        inbox = Inbox()
        first = asyncio.create_task(inbox.get())
        second = asyncio.create_task(inbox.get())
        await asyncio.sleep(0)
        inbox.put_nowait("disconnect")  # wakes the first reader...
        first.cancel()  # ...which is cancelled before it runs
        assert await asyncio.wait_for(second, 1) == "disconnect"
        assert first.cancelled()

    asyncio.run(scenario())


def test_the_flag_lets_waiters_through_only_while_set() -> None:
    async def scenario() -> None:
        flag = Flag()
        assert not flag.is_set()
        waiting = asyncio.create_task(flag.wait())
        await asyncio.sleep(0)
        assert not waiting.done()
        flag.set()
        await asyncio.wait_for(waiting, 1)
        flag.clear()
        again = asyncio.create_task(flag.wait())
        await asyncio.sleep(0.01)
        assert not again.done()
        flag.set()
        await asyncio.wait_for(again, 1)
        await flag.wait()  # set: returns at once

    asyncio.run(scenario())
