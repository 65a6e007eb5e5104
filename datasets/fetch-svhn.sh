#!/usr/bin/env bash
# Downloads SVHN cropped digits (train 182 MB, test 64 MB; --extra adds 1.3 GB) and checks the MD5 sums.
# Needs internet; never run by tests. SVHN is for non-commercial use only.
# Usage: bash datasets/fetch-svhn.sh [DIR] [--extra]   (default: $SEMISUP4J_DATA/svhn or ~/.semisup4j/data/svhn)
set -euo pipefail
dir="${SEMISUP4J_DATA:-$HOME/.semisup4j/data}/svhn"
extra=no
for arg in "$@"; do
  case "$arg" in
    --extra) extra=yes ;;
    *) dir="$arg" ;;
  esac
done
mkdir -p "$dir"
cd "$dir"
fetch() {
  local sum="$1" file="$2"
  if [ ! -f "$file" ]; then
    curl -fL --retry 3 -o "$file.part" "http://ufldl.stanford.edu/housenumbers/$file"
    mv "$file.part" "$file"
  fi
  echo "$sum  $file" | md5sum -c -
}
fetch e26dedcc434d2e4c54c9b2d4a06d8373 train_32x32.mat
fetch eb5a983be6a315427106f1b164d9cef3 test_32x32.mat
if [ "$extra" = yes ]; then
  fetch a93ce644f1a588dc4d68dda5feec44a7 extra_32x32.mat
fi
echo "SVHN is in $dir"
