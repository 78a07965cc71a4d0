"""Copy the front-end packages installed by npm into static/vendor.

No bundler (see docs/adr/0002-front-end-without-a-bundler.md): GOV.UK Frontend and MoJ
Frontend ship precompiled CSS and JS. Their CSS refers to fonts and images at
``/assets/...``; we rewrite that to where Django's static files serve them.
"""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
OUT = ROOT / "static" / "vendor"

GOVUK = NODE / "govuk-frontend" / "dist" / "govuk"
MOJ = NODE / "@ministryofjustice" / "frontend" / "moj"

# Fonts for the scripts the key messages, the police script and the names of services'
# languages are written in, served by us (no third-party requests). Each face covers only
# its script's characters (unicode-range), so a browser fetches a file only when a page
# shows that script. static/public/public.css picks a face by each fragment's lang.
FONTS = (
    "noto-sans-arabic",
    "noto-nastaliq-urdu",
    "noto-sans-bengali",
    "noto-sans-devanagari",
    "noto-sans-ethiopic",
    "noto-sans-gujarati",
    "noto-sans-gurmukhi",
    "noto-sans-tamil",
    "noto-sans-sc",
)
FONT_WEIGHTS = ("400", "700")


def copy_css(source: Path, target: Path, asset_prefix: str) -> None:
    css = source.read_text(encoding="utf-8")
    css = css.replace("url(/assets/", f"url({asset_prefix}")
    # The source map is not shipped, so drop the reference to it.
    css = css.split("/*# sourceMappingURL")[0]
    target.write_text(css, encoding="utf-8")


def copy_fonts() -> None:
    """One stylesheet of @font-face rules, WOFF2 only (every browser we support reads it)."""
    target = OUT / "fonts"
    target.mkdir(parents=True)
    rules = []
    for family in FONTS:
        package = NODE / "@fontsource" / family
        if not package.exists():
            raise SystemExit(f"{package} is missing: run `npm ci` first (make assets does).")
        for weight in FONT_WEIGHTS:
            css = (package / f"{weight}.css").read_text(encoding="utf-8")
            for name in re.findall(r"url\(\./files/([^)]+\.woff2)\)", css):
                shutil.copy(package / "files" / name, target / name)
            css = re.sub(r", url\(\./files/[^)]+\.woff\) format\('woff'\)", "", css)
            rules.append(css.replace("url(./files/", "url(/static/vendor/fonts/"))
    (target / "fonts.css").write_text("\n".join(rules), encoding="utf-8")


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
    copy_fonts()
    print(f"front-end assets copied to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
