#!/bin/sh
# Instruction counts (valgrind --tool=callgrind) of Qantara's TMX reader and of `xmllint --stream --noout`
# on the same file: a figure that, unlike wall time, does not move with the load of a shared machine.
#
# Usage: Benchmarks/tmx-callgrind.sh [UNITS]   (default 20000; run from the package root)
# Needs: valgrind, xmllint, python3, a C compiler, ../shared/tools/make_big_tmx.py,
#        and a release build: swift build -c release --static-swift-stdlib --product qantara-bench
#
# valgrind 3.19 (Debian 12) crashes on Swift's async main: libdispatch parks the main thread in
# sigsuspend() with a mask in read-only memory, which valgrind writes to. A preloaded sigsuspend()
# that passes a writable copy of the mask avoids it without changing what is measured.
# It also gives up ("Possibly corrupted debuginfo file") on some Swift release builds: a copy without
# debug sections (strip -g, same code) is measured instead.
set -eu
units=${1:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench=.build/release/qantara-bench
[ -x "$bench" ] || { echo "build first: swift build -c release --static-swift-stdlib --product qantara-bench" >&2; exit 2; }

cat > "$work/sigsuspend.c" <<'C'
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, 8);
}
C
strip -g -o "$work/qantara-bench" "$bench"
bench="$work/qantara-bench"
cc -O2 -shared -fPIC "$work/sigsuspend.c" -o "$work/sigsuspend.so"

python3 ../shared/tools/make_big_tmx.py --tus "$units" --out "$work/file.tmx"
printf '<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body></body></tmx>\n' > "$work/empty.tmx"

count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
        | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
xmllint_ir=$(count xmllint --stream --noout "$work/file.tmx")
qantara_ir=$(LD_PRELOAD="$work/sigsuspend.so" count "$bench" tmx read "$work/file.tmx")
startup_ir=$(LD_PRELOAD="$work/sigsuspend.so" count "$bench" tmx read "$work/empty.tmx")
xmllint_startup=$(count xmllint --stream --noout "$work/empty.tmx")

echo "file: $units units"
echo "xmllint --stream --noout:        $xmllint_ir instructions ($xmllint_startup to start)"
echo "qantara TMXReader (full units):  $qantara_ir instructions ($startup_ir to start: Swift runtime, arguments)"
awk -v q="$qantara_ir" -v x="$xmllint_ir" -v qs="$startup_ir" -v xs="$xmllint_startup" 'BEGIN {
    printf "ratio qantara/xmllint: %.3f (without start-up: %.3f)\n", q / x, (q - qs) / (x - xs)
}'
