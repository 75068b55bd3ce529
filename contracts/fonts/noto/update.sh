#!/usr/bin/env bash
# Rebuilds the fonts of this folder from Debian's fonts-noto-core, unhinted,
# every glyph kept with its glyph id (the shaping tests compare glyph ids
# with hb-shape run on these very files).
#   apt-get install -y fonts-noto-core fonttools && bash update.sh
set -euo pipefail
cd "$(dirname "$0")"
src=/usr/share/fonts/truetype/noto
for f in NotoSans NotoNaskhArabic NotoSansDevanagari NotoSansBengali NotoSansSinhala \
         NotoSansTamil NotoSansThai NotoSansEthiopic; do
  for w in Regular Bold; do
    pyftsubset "$src/$f-$w.ttf" --unicodes='*' --glyphs='*' --retain-gids --no-hinting \
      --layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline \
      --output-file="$f-$w.ttf"
  done
done
