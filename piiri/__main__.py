from __future__ import annotations

from piiri.cli import main

raise SystemExit(main())
