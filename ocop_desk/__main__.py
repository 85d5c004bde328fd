from ocop_desk.cli import main

raise SystemExit(main())
