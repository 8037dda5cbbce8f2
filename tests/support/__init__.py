"""What the tests (and the benchmark) share, one concern per module. No tests here.

- processes.py: real processes (`piiri serve`, `piiri migrate`, any server), free ports; bench/
  uses it too, and it imports neither pytest nor a browser.
- redis_servers.py: a private redis-server and a private three-node Redis Cluster.
- databases.py: one empty test database per directory (SQLite, or PostgreSQL with
  PIIRI_TEST_POSTGRES), and a count of their use for the tier check.
- app.py: settings for the in-process app on a test database, and that app served in a thread.
- network.py: a TCP relay a test can cut.
- browser.py: Debian's headless Chromium, a served Piiri for it, what every browser test watches.
- fixtures.py and tiers.py: the pytest plugins (tests/conftest.py loads them): the real parts as
  fixtures; the test tiers and their checks.
- workshop.py, live.py: a workshop set up through the real pages, and live in process over real
  sockets. clients.py, simulated.py: people speaking the browser's protocol to real processes.
- a11y.py, browser_workshop.py, activity_walks.py: the accessibility checks, page drivers and
  walks of the browser tests.
- kind_views.py: one activity of a kind in a workshop, and every view of it rendered in process.
- text_world.py, hostile_text.py: a workshop with every activity decided and folded in process,
  and the hostile strings sent into it (the property tests of text).
- pb_elections.py: the real Pabulib elections in tests/data/pabulib and pabulib-checker's verdict.
- catalogues.py: where the translation catalogues are.
"""
