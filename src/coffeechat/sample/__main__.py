"""`python -m coffeechat.sample FOLDER`: write the synthetic sample."""

from coffeechat.sample.generator import main

raise SystemExit(main())
