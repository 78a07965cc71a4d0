"""Copy the front-end packages installed by npm into static/vendor.

No bundler (see docs/adr/0002-front-end-without-a-bundler.md): GOV.UK Frontend and MoJ
Frontend ship precompiled CSS and JS. Their CSS refers to fonts and images at
``/assets/...``; we rewrite that to where Django's static files serve them.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
OUT = ROOT / "static" / "vendor"

GOVUK = NODE / "govuk-frontend" / "dist" / "govuk"
MOJ = NODE / "@ministryofjustice" / "frontend" / "moj"


def copy_css(source: Path, target: Path, asset_prefix: str) -> None:
    css = source.read_text(encoding="utf-8")
    css = css.replace("url(/assets/", f"url({asset_prefix}")
    # The source map is not shipped, so drop the reference to it.
    css = css.split("/*# sourceMappingURL")[0]
    target.write_text(css, encoding="utf-8")


def main() -> int:
    for path in (GOVUK, MOJ):
        if not path.exists():
            print(f"{path} is missing: run `npm ci` first (make assets does).", file=sys.stderr)
            return 1
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "govuk").mkdir(parents=True)
    (OUT / "moj").mkdir(parents=True)
    shutil.copytree(GOVUK / "assets", OUT / "govuk" / "assets")
    copy_css(
        GOVUK / "govuk-frontend.min.css",
        OUT / "govuk" / "govuk-frontend.min.css",
        "/static/vendor/govuk/assets/",
    )
    shutil.copy(GOVUK / "govuk-frontend.min.js", OUT / "govuk" / "govuk-frontend.min.js")
    if (MOJ / "assets").exists():
        shutil.copytree(MOJ / "assets", OUT / "moj" / "assets")
    copy_css(
        MOJ / "moj-frontend.min.css",
        OUT / "moj" / "moj-frontend.min.css",
        "/static/vendor/moj/assets/",
    )
    shutil.copy(MOJ / "moj-frontend.min.js", OUT / "moj" / "moj-frontend.min.js")
    print(f"front-end assets copied to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
