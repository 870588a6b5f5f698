#!/bin/sh
# newsbot's container entrypoint: seed an empty corpus volume with the image's sample page(s),
# then run the command (default: node dist/main.js) as PID 1, so it gets SIGTERM itself.
#
# The image's own corpus folder, /app/corpus, keeps the default user dictionary and glossary;
# the library always reads them from there, and adds the volume's userdict.dict / glossary.tsv
# if an editor puts some there. So an upgrade brings new defaults without touching the volume,
# and only pages are ever copied into it, and only when it holds no entry besides dot files
# (a fresh bind mount or an emptied volume).
set -eu

dir="${CORPUS_DIR:-/corpus}"
defaults=/app/corpus

if [ ! -d "$dir" ]; then
  mkdir -p "$dir" 2>/dev/null || echo "newsbot-entrypoint: cannot create the corpus folder $dir" >&2
fi
if [ -d "$dir" ] && [ -z "$(ls -A "$dir" 2>/dev/null | grep -v '^\.' || true)" ]; then
  if [ -w "$dir" ]; then
    seeded=0
    for file in "$defaults"/*; do
      [ -f "$file" ] || continue
      case "$(basename "$file")" in
        userdict.dict | glossary.tsv) continue ;;
      esac
      cp "$file" "$dir/" && seeded=$((seeded + 1))
    done
    echo "newsbot-entrypoint: the corpus folder $dir was empty; seeded it with $seeded sample page(s)" >&2
  else
    echo "newsbot-entrypoint: the corpus folder $dir is empty and not writable by uid $(id -u); nothing to answer from" >&2
  fi
elif [ -d "$dir" ] && [ ! -w "$dir" ]; then
  echo "newsbot-entrypoint: warning: $dir is not writable by uid $(id -u): uploads and reload markers will fail" >&2
fi

exec "$@"
