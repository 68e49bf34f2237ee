#!/usr/bin/env bash
# packaging.help: `l2dc --help` and `l2dc COMMAND --help` work, and the man page and the
# user guide cover every command and every option the command line has.
source "$(dirname "$0")/common.sh"

install_l2dc "$scratch/prefix"
commands="translate build run ship check repl"

top=$("$l2dc" --help) || fail "l2dc --help exited with status $?"
for c in $commands; do
  grep -Eq "^ +$c +[A-Z]" <<<"$top" || { printf '%s\n' "$top" >&2; fail "l2dc --help does not list $c"; }
done
status=0
"$l2dc" >/dev/null 2>&1 || status=$?
[ "$status" = 106 ] || fail "l2dc without a command: status $status, expected 106 (as the man page says)"
status=0
"$l2dc" build -O 9 x.l2d >/dev/null 2>&1 || status=$?
[ "$status" = 105 ] || fail "l2dc build -O 9: status $status, expected 105 (as the man page says)"
status=0
"$l2dc" check a.l2d b.l2d >/dev/null 2>&1 || status=$?
[ "$status" = 109 ] || fail "l2dc check with two scripts: status $status, expected 109 (as the man page says)"

if command -v man >/dev/null; then
  man_text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$prefix/share/man/man1/l2dc.1.gz" 2>/dev/null)
else  # the troff source, with its escapes for - and fonts removed
  man_text=$(gzip -dc "$prefix/share/man/man1/l2dc.1.gz" | sed 's/\\-/-/g; s/\\f[BIRP]//g')
fi
[ -n "$man_text" ] || fail "the man page is empty"
guide=$(cat "$prefix/share/doc/l2dc/guide.md")
# mentions TEXT OPTION: OPTION appears as a word of its own in TEXT.
mentions() { grep -Eq -- "(^|[^-[:alnum:]])$2([^-[:alnum:]]|\$)" <<<"$1"; }

for c in $commands; do
  help=$("$l2dc" "$c" --help) || fail "l2dc $c --help exited with status $?"
  expect_contains "l2dc $c --help" "Usage: l2dc $c" "$help"
  mentions "$man_text" "$c" || fail "the man page does not describe the command $c"
  mentions "$guide" "l2dc $c" || fail "the guide does not show 'l2dc $c'"
  # Options: the lines of the Options section that start with a dash.
  options=$(printf '%s\n' "$help" | sed -n '/^Options:/,/^$/p' | grep -E '^ +-' | awk '{print $1}' | tr ',' '\n')
  [ -n "$options" ] || fail "l2dc $c --help lists no options"
  for o in $options; do
    mentions "$man_text" "$o" || fail "the man page does not document $o (an option of l2dc $c)"
    case "$o" in -h | --help) continue ;; esac
    mentions "$guide" "$o" || fail "the guide does not mention $o (an option of l2dc $c)"
  done
done
version=$("$l2dc" --version | sed -n 's/^l2dc \([0-9.]*\).*/\1/p')
gzip -dc "$prefix/share/man/man1/l2dc.1.gz" | grep -E "^\.TH .*\"l2dc $version\"" >/dev/null ||
  fail "the man page's .TH line does not name l2dc $version (update docs/l2dc.1)"
for v in CXX XDG_CACHE_HOME NO_COLOR; do
  mentions "$man_text" "$v" || fail "the man page does not describe the environment variable $v"
  mentions "$guide" "$v" || fail "the guide does not describe the environment variable $v"
done
note "ok"
